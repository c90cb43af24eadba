//go:build tinygo

// construct: queue map push and pop
// category: maps
// program: prog syscall
// run: prog ctx=u32:11 => 11
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

func bpfMapPushElem(m, value unsafe.Pointer, flags uint64) int64
func bpfMapPopElem(m, value unsafe.Pointer) int64

var fifo struct {
	Type       *[mapQueue]int32
	MaxEntries *[8]int32
	Value      *uint32
}

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	v := ctx.X
	if bpfMapPushElem(unsafe.Pointer(&fifo), unsafe.Pointer(&v), 0) != 0 {
		return -1
	}
	var out uint32
	if bpfMapPopElem(unsafe.Pointer(&fifo), unsafe.Pointer(&out)) != 0 {
		return -2
	}
	return int32(out)
}

func main() {}
