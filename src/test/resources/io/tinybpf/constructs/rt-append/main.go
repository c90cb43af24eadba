//go:build tinygo

// construct: append to a slice
// category: runtime
// program: prog syscall
// error: main.go:15: append
package main

type args struct{ N uint32 }

var items []uint32

//export prog
func prog(ctx *args) int32 {
	items = append(items, ctx.N)
	return int32(len(items))
}

func main() {}
