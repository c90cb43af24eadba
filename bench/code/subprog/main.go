//go:build tinygo

// bench: a function kept as a BPF subprogram, called twice
// covers: subprogram calls
// program: subprog syscall
// input: subprog ctx=u32:1,u32:2,u32:3
// input: subprog ctx=u32:1000,u32:77,u32:0
package main

type args struct{ A, B, C uint32 }

//go:noinline
func mix(a, b uint32) uint32 {
	a ^= b >> 3
	a *= 0x9e3779b1
	return a ^ (a >> 16)
}

//export subprog
func subprog(ctx *args) int32 {
	return int32(mix(ctx.A, ctx.B) + mix(ctx.B, ctx.C))
}

func main() {}
