//go:build tinygo

// Package main shows constants the loader sets before load: multiplier and offset are
// //go:extern variables, which tinybpf places in .rodata (read-only once loaded, so the verifier
// knows their values and prunes dead branches). A syscall program computes x*multiplier+offset.
package main

//go:extern multiplier
var multiplier uint32

//go:extern offset
var offset uint32

// args is the syscall program's context, passed in by BPF_PROG_TEST_RUN.
type args struct {
	X uint32
}

//export scale
func scale(ctx *args) int32 {
	return int32(ctx.X*multiplier + offset)
}

func main() {}
