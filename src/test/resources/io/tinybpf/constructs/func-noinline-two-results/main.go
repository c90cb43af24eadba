//go:build tinygo

// construct: a non-inlined function returning (uint32, bool)
// category: functions
// program: prog syscall
// run: prog ctx=u32:7 => 14
// run: prog ctx=u32:200 => -1
// note: the results come back through a slot in the caller's stack
package main

type args struct{ X uint32 }

//go:noinline
func double(x uint32) (uint32, bool) {
	if x > 100 {
		return 0, false
	}
	return x * 2, true
}

//export prog
func prog(ctx *args) int32 {
	v, ok := double(ctx.X)
	if !ok {
		return -1
	}
	return int32(v)
}

func main() {}
