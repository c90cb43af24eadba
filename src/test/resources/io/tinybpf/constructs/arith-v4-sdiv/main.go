//go:build tinygo

// construct: signed division with --cpu v4 (native sdiv/smod)
// category: arithmetic
// program: prog syscall
// cpu: v4
// run: prog ctx=i64:-123 => -16
package main

type args struct{ X int64 }

//export prog
func prog(ctx *args) int32 {
	return int32(ctx.X/10 + ctx.X%7)
}

func main() {}
