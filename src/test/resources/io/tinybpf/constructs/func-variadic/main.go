//go:build tinygo

// construct: a variadic function
// category: functions
// program: prog syscall
// run: prog ctx=u32:2 => 12
package main

type args struct{ X uint32 }

func sum(xs ...uint32) uint32 {
	s := uint32(0)
	for _, x := range xs {
		s += x
	}
	return s
}

//export prog
func prog(ctx *args) int32 {
	return int32(sum(ctx.X, ctx.X*2, ctx.X*3))
}

func main() {}
