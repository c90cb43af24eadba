//go:build tinygo

// bench: an array map of per-slot statistics, indexed from the context
// covers: maps (array), map values as structs
// program: map_array syscall
// input: map_array ctx=u32:0,u32:100
// input: map_array ctx=u32:3,u32:7
// input: map_array ctx=u32:3,u32:9
// input: map_array ctx=u32:8,u32:1
package main

import "unsafe"

const mapTypeArray = 2

type stat struct {
	Packets, Bytes uint64
	Max            uint32
	_              uint32
}

var stats struct {
	Type       *[mapTypeArray]int32
	MaxEntries *[8]int32
	Key        *uint32
	Value      *stat
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

type args struct{ Slot, Size uint32 }

//export map_array
func map_array(ctx *args) int32 {
	slot := ctx.Slot
	s := (*stat)(bpfMapLookupElem(unsafe.Pointer(&stats), unsafe.Pointer(&slot)))
	if s == nil {
		return -1
	}
	s.Packets++
	s.Bytes += uint64(ctx.Size)
	if ctx.Size > s.Max {
		s.Max = ctx.Size
	}
	return int32(s.Packets)
}

func main() {}
