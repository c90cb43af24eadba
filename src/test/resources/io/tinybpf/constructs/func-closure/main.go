//go:build tinygo

// construct: a closure over a local (inlined)
// category: functions
// program: prog syscall
// run: prog ctx=u32:5 => 16
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	base := ctx.X
	add := func(d uint32) uint32 { return base + d }
	return int32(add(1) + add(5))
}

func main() {}
