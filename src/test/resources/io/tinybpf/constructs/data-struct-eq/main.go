//go:build tinygo

// construct: struct equality
// category: data
// program: prog syscall
// run: prog ctx=u32:1,u32:2,u32:1,u32:2 => 1
// run: prog ctx=u32:1,u32:2,u32:1,u32:3 => 0
package main

type point struct{ X, Y uint32 }

type args struct{ A, B point }

//export prog
func prog(ctx *args) int32 {
	if ctx.A == ctx.B {
		return 1
	}
	return 0
}

func main() {}
