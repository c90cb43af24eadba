//go:build tinygo

// A hash map with 2^31 entries: it builds, and the kernel refuses to create the map (E2BIG).
package main

import "unsafe"

var huge struct {
	Type       *[1]int32
	MaxEntries *[1 << 31]int32
	Key        *uint32
	Value      *uint64
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//export prog
func prog(ctx unsafe.Pointer) int32 {
	var k uint32
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&huge), unsafe.Pointer(&k))); v != nil {
		return int32(*v)
	}
	return 0
}
