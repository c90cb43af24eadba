//go:build tinygo

// construct: division by a run-time zero
// category: arithmetic
// program: prog syscall
// run: prog ctx=u32:10,u32:0 => 0
// run: prog ctx=u32:10,u32:3 => 3
// warn: reachable panic path
// note: Go's divide-by-zero panic becomes the program's safe return, with a warning at the line
package main

type args struct{ X, Y uint32 }

//export prog
func prog(ctx *args) int32 {
	return int32(ctx.X / ctx.Y)
}

func main() {}
