//go:build tinygo

package main

import "unsafe"

func double(x int32) int32 { return x * 2 }
func triple(x int32) int32 { return x * 3 }

var ops = [2]func(int32) int32{double, triple}

func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	var sel uint32
	bpfProbeReadKernel(unsafe.Pointer(&sel), 4, ctx)
	return ops[sel&1](7)
}

func main() {}
