//go:build tinygo

// construct: bits.Mul64 (a 128-bit product, which opt folds to one wide multiply)
// category: arithmetic
// program: prog syscall
// run: prog ctx=u64:0xfedcba9876543210,u64:0x0123456789abcdef,u64:0x0121fa00ad77d742,u64:0x2236d88fe5618cf0 => 1
// run: prog ctx=u64:0xffffffffffffffff,u64:0xffffffffffffffff,u64:0xfffffffffffffffe,u64:1 => 1
// run: prog ctx=u64:3,u64:5,u64:0,u64:16 => 0
package main

import "math/bits"

type args struct{ A, B, Hi, Lo uint64 }

//export prog
func prog(ctx *args) int32 {
	hi, lo := bits.Mul64(ctx.A, ctx.B)
	if hi == ctx.Hi && lo == ctx.Lo {
		return 1
	}
	return 0
}

func main() {}
