//go:build tinygo

// bench: division and modulo by run-time divisors and by constants
// covers: division and modulo
// program: div_mod syscall
// input: div_mod ctx=u32:100,u32:7,u64:1000000,u64:999
// input: div_mod ctx=u32:100,u32:0,u64:1000000,u64:999
// input: div_mod ctx=u32:100,u32:7,u64:1000000,u64:0
// input: div_mod ctx=u32:4294967295,u32:1,u64:18446744073709551615,u64:3
package main

type args struct {
	A, B uint32
	C, D uint64
}

// A zero divisor makes Go panic, which in a BPF program returns the program kind's safe
// value (0 for a syscall program): the C twin returns 0 for it explicitly.
//
//export div_mod
func div_mod(ctx *args) int32 {
	q := ctx.A / ctx.B
	r := ctx.C % ctx.D
	return int32(q + uint32(r) + ctx.A/10 + uint32(ctx.C%7))
}

func main() {}
