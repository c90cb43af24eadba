//go:build tinygo

// construct: loader-set constants beside a read-only table
// category: data
// program: prog syscall
// const: limit=u32:100
// run: prog ctx=u32:5 => 32
// run: prog ctx=u32:101 => 0
package main

//go:extern limit
var limit uint32

var table = [4]uint32{10, 20, 30, 40}

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	if ctx.X > limit {
		return 0
	}
	return int32(table[ctx.X&3] + ctx.X + 7)
}

func main() {}
