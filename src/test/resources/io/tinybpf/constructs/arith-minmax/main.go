//go:build tinygo

// construct: min and max builtins
// category: arithmetic
// program: prog syscall
// run: prog ctx=i32:5,i32:-3 => 2
package main

type args struct{ A, B int32 }

//export prog
func prog(ctx *args) int32 {
	return max(ctx.A, ctx.B, 0) + min(ctx.A, ctx.B, 100)
}

func main() {}
