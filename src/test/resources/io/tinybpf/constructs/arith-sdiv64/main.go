//go:build tinygo

// construct: signed 64-bit division and modulo (Go's int)
// category: arithmetic
// program: prog syscall
// run: prog ctx=i64:123 => 16
// run: prog ctx=i64:-123 => -16
// run: prog ctx=i64:-9223372036854775808 => 858993459
// note: lowered to unsigned arithmetic for --cpu v1..v3
package main

type args struct{ X int64 }

//export prog
func prog(ctx *args) int32 {
	return int32(ctx.X/10 + ctx.X%7)
}

func main() {}
