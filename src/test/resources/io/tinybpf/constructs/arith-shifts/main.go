//go:build tinygo

// construct: shifts by a variable count (Go semantics past the width)
// category: arithmetic
// program: prog syscall
// run: prog ctx=u64:3 => 23
// run: prog ctx=u64:70 => -1
package main

type args struct{ N uint64 }

//export prog
func prog(ctx *args) int32 {
	var x uint64 = 3
	var y int64 = -8
	return int32(x<<ctx.N) + int32(y>>ctx.N)
}

func main() {}
