//go:build tinygo

// A ring buffer reservation that is never submitted: the verifier reports the leaked reference.
package main

import "unsafe"

var events struct {
	Type       *[27]int32
	MaxEntries *[4096]int32
}

func bpfRingbufReserve(m unsafe.Pointer, size uint64, flags uint64) unsafe.Pointer
func bpfRingbufSubmit(p unsafe.Pointer, flags uint64)

//export xdp_prog
func xdp_prog(ctx unsafe.Pointer) int32 {
	p := (*uint64)(bpfRingbufReserve(unsafe.Pointer(&events), 8, 0))
	if p == nil {
		return 2
	}
	*p = 1
	return 2
}
