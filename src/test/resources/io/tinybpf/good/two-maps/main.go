//go:build tinygo

package main

import "unsafe"

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

type flowKey struct {
	Saddr, Daddr uint32
	Sport, Dport uint16
}

// Three maps with different definitions: the original tool gave all of them the first one's.
var counters = bpfMapDef{Type: 2, KeySize: 4, ValueSize: 8, MaxEntries: 16}

var flows struct {
	Type       *[1]int32
	MaxEntries *[4096]int32
	Key        *flowKey
	Value      *uint64
}

var events struct {
	Type       *[27]int32
	MaxEntries *[8192]int32
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	var k uint32
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counters), unsafe.Pointer(&k))); v != nil {
		*v++
	}
	var f flowKey
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&flows), unsafe.Pointer(&f))); v != nil {
		*v++
	}
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&k), 4, 0)
	return 0
}

func main() {}
