//go:build tinygo

// construct: helpers from a second package of the module
// category: programs
// program: prog syscall
// run: prog ctx=u32:6 => 36
package main

import "constructs/prog-second-package/sq"

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	return int32(sq.Square(ctx.X))
}

func main() {}
