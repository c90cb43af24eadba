//go:build tinygo

// construct: a non-inlined function returning a struct
// category: functions
// program: prog syscall
// run: prog ctx=u32:5 => 65
package main

type args struct{ X uint32 }

type pair struct {
	A, B uint64
	C    uint32
}

//go:noinline
func make3(x uint32) pair {
	return pair{A: uint64(x), B: uint64(x) * 10, C: x * 2}
}

//export prog
func prog(ctx *args) int32 {
	p := make3(ctx.X)
	return int32(p.A + p.B + uint64(p.C))
}

func main() {}
