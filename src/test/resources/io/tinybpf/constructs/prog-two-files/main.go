//go:build tinygo

// construct: a package of two files
// category: programs
// program: prog syscall
// run: prog ctx=u32:4 => 12
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	return int32(triple(ctx.X))
}

func main() {}
