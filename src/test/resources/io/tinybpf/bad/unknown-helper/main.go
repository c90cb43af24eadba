//go:build tinygo

package main

import "unsafe"

var counters struct {
	Type       *[2]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *uint64
}

func bpfMapLookpElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfGetCurrentPidTgidd() uint64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	var key uint32
	v := (*uint64)(bpfMapLookpElem(unsafe.Pointer(&counters), unsafe.Pointer(&key)))
	if v != nil {
		*v += bpfGetCurrentPidTgidd()
	}
	return 0
}

func main() {}
