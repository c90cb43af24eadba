//go:build tinygo

package main

import "unsafe"

func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	n := int(uintptr(ctx)&15) + 1
	buf := make([]byte, n)
	bpfProbeReadKernel(unsafe.Pointer(&buf[0]), uint32(n), ctx)
	return int32(buf[n-1])
}

func main() {}
