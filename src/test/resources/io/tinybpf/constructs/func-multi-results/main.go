//go:build tinygo

// construct: multiple results (inlined)
// category: functions
// program: prog syscall
// run: prog ctx=u32:7 => 21
package main

type args struct{ X uint32 }

func split(x uint32) (uint32, uint32) {
	return x * 2, x
}

//export prog
func prog(ctx *args) int32 {
	a, b := split(ctx.X)
	return int32(a + b)
}

func main() {}
