//go:build tinygo

// construct: package variables in .data and .bss, read and written
// category: data
// program: prog syscall
// run: prog ctx=u32:5 => 8
// run: prog ctx=u32:5 => 14
package main

type args struct{ X uint32 }

var total uint64 = 2
var calls uint32

//export prog
func prog(ctx *args) int32 {
	calls++
	total += uint64(ctx.X)
	return int32(total) + int32(calls)
}

func main() {}
