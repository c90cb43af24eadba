//go:build tinygo

// construct: math/bits (OnesCount, LeadingZeros, RotateLeft, ReverseBytes)
// category: arithmetic
// program: prog syscall
// run: prog ctx=u32:0x0f0f0000 => 27
package main

import "math/bits"

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	n := bits.OnesCount32(ctx.X) + bits.LeadingZeros32(ctx.X) + bits.TrailingZeros32(ctx.X)
	if bits.RotateLeft32(ctx.X, 8) != 0x0f00000f || bits.ReverseBytes32(ctx.X) != 0x00000f0f {
		return -1
	}
	return int32(n - 1)
}

func main() {}
