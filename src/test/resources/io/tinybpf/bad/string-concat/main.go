//go:build tinygo

package main

import "unsafe"

func bpfTracePrintk(fmt unsafe.Pointer, size uint32) int64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	var b [8]byte
	bpfProbeReadKernel(unsafe.Pointer(&b), 8, ctx)
	s := "id=" + string(b[:b[0]&7])
	bpfTracePrintk(unsafe.Pointer(unsafe.StringData(s)), uint32(len(s)))
	return 0
}

func main() {}
