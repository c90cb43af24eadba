//go:build tinygo

// construct: an unknown --cpu
// category: programs
// program: prog syscall
// cpu: v9
// error: stage input-normalization: unknown --cpu
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	return 1
}

func main() {}
