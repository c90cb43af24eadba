//go:build tinygo

// construct: unsigned division and modulo
// category: arithmetic
// program: prog syscall
// run: prog ctx=u64:1000,u64:7 => 148
package main

type args struct{ X, Y uint64 }

//export prog
func prog(ctx *args) int32 {
	if ctx.Y == 0 {
		return -1
	}
	return int32(ctx.X/ctx.Y + ctx.X%ctx.Y)
}

func main() {}
