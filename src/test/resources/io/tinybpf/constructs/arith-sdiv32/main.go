//go:build tinygo

// construct: signed 32-bit division and modulo by a variable
// category: arithmetic
// program: prog syscall
// run: prog ctx=i32:-100,i32:7 => -32
// run: prog ctx=i32:100,i32:-7 => 4
// run: prog ctx=i32:-2147483648,i32:-1 => -2147483648
// note: a zero divisor returns 0 (Go would panic)
package main

type args struct{ X, Y int32 }

//export prog
func prog(ctx *args) int32 {
	if ctx.Y == 0 {
		return 0
	}
	return ctx.X/ctx.Y + ctx.X%ctx.Y*10 - ctx.X%ctx.Y
}

func main() {}
