//go:build tinygo

// construct: fixed-width wraparound (uint8, int16)
// category: arithmetic
// program: prog syscall
// run: prog ctx=u8:250,u8:10 => 4
package main

type args struct{ A, B uint8 }

//export prog
func prog(ctx *args) int32 {
	return int32(ctx.A + ctx.B)
}

func main() {}
