//go:build tinygo

// construct: a misspelt helper
// category: helpers
// program: prog syscall
// error: main.go:15: did you mean bpfKtimeGetNs
package main

func bpfKtimeGetNz() uint64

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	return int32(bpfKtimeGetNz())
}

func main() {}
