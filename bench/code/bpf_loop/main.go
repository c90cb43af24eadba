//go:build tinygo

// bench: bpf_loop with a Go callback summing squares
// covers: helpers with callbacks
// program: loop_cb syscall
// input: loop_cb ctx=u32:5
// input: loop_cb ctx=u32:100
// input: loop_cb ctx=u32:0
package main

import "unsafe"

func bpfLoop(n uint32, callback func(index uint64, ctx unsafe.Pointer) int64, ctx unsafe.Pointer, flags uint64) int64

type acc struct {
	Sum, Limit uint64
}

func square(i uint64, ctx unsafe.Pointer) int64 {
	a := (*acc)(ctx)
	a.Sum += i * i
	if a.Sum > a.Limit {
		return 1
	}
	return 0
}

type args struct{ N uint32 }

//export loop_cb
func loop_cb(ctx *args) int32 {
	a := acc{Limit: 100000}
	n := bpfLoop(ctx.N, square, unsafe.Pointer(&a), 0)
	return int32(a.Sum) + int32(n)<<20
}

func main() {}
