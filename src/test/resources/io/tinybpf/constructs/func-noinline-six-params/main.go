//go:build tinygo

// construct: a non-inlined function with six parameters
// category: functions
// program: prog syscall
// run: prog ctx=u32:1 => 21
// note: the parameters beyond what BPF passes in registers travel behind a pointer
package main

type args struct{ X uint32 }

//go:noinline
func sum6(a, b, c, d, e, f uint32) uint32 {
	return a + b + c + d + e + f
}

//export prog
func prog(ctx *args) int32 {
	x := ctx.X
	return int32(sum6(x, x+1, x+2, x+3, x+4, x+5))
}

func main() {}
