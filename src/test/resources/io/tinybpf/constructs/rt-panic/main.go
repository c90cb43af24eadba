//go:build tinygo

// construct: an explicit panic
// category: runtime
// program: prog syscall
// run: prog ctx=u32:0 => 0
// run: prog ctx=u32:5 => 5
// warn: reachable panic path
// note: the program returns its safe value where it would panic, with a warning at the line
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	if ctx.X == 0 {
		panic("zero")
	}
	return int32(ctx.X)
}

func main() {}
