//go:build tinygo

// construct: ring buffer reserve and submit
// category: maps
// program: prog syscall
// run: prog ctx=u32:3 => 1
package main

import "unsafe"

const (
	mapHash      = 1
	mapArray     = 2
	mapPercpuArr = 6
	mapLruHash   = 9
	mapLpmTrie   = 11
	mapQueue     = 22
	mapStack     = 23
	mapRingbuf   = 27
	anyFlag      = 0
)

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64
func bpfMapDeleteElem(m, key unsafe.Pointer) int64

func bpfRingbufReserve(m unsafe.Pointer, size, flags uint64) unsafe.Pointer
func bpfRingbufSubmit(data unsafe.Pointer, flags uint64)

type event struct{ X, Y uint32 }

var events struct {
	Type       *[mapRingbuf]int32
	MaxEntries *[4096]int32
	Event      *event
}

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	e := (*event)(bpfRingbufReserve(unsafe.Pointer(&events), uint64(unsafe.Sizeof(event{})), 0))
	if e == nil {
		return 0
	}
	e.X = ctx.X
	e.Y = ctx.X * 2
	bpfRingbufSubmit(unsafe.Pointer(e), 0)
	return 1
}

func main() {}
