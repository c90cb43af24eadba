//go:build tinygo

// construct: bpf_loop with a Go function as the callback
// category: maps
// program: prog syscall
// run: prog ctx=u32:5 => 10
package main

import "unsafe"

func bpfLoop(n uint32, callback func(index uint64, ctx unsafe.Pointer) int64, ctx unsafe.Pointer, flags uint64) int64

type acc struct{ sum uint64 }

func step(i uint64, ctx unsafe.Pointer) int64 {
	a := (*acc)(ctx)
	a.sum += i
	return 0
}

type args struct{ N uint32 }

//export prog
func prog(ctx *args) int32 {
	var a acc
	bpfLoop(ctx.N, step, unsafe.Pointer(&a), 0)
	return int32(a.sum)
}

func main() {}
