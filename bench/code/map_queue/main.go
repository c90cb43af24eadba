//go:build tinygo

// bench: queue and stack maps: push a value, pop the oldest and the newest
// covers: maps (queue, stack)
// program: map_queue syscall
// input: map_queue ctx=u32:11
// input: map_queue ctx=u32:22
// input: map_queue ctx=u32:33
package main

import "unsafe"

const (
	mapTypeQueue = 22
	mapTypeStack = 23
	bpfAny       = 0
)

var fifo struct {
	Type       *[mapTypeQueue]int32
	MaxEntries *[8]int32
	Value      *uint32
}

var lifo struct {
	Type       *[mapTypeStack]int32
	MaxEntries *[8]int32
	Value      *uint32
}

func bpfMapPushElem(m, value unsafe.Pointer, flags uint64) int64
func bpfMapPopElem(m, value unsafe.Pointer) int64
func bpfMapPeekElem(m, value unsafe.Pointer) int64

type args struct{ X uint32 }

//export map_queue
func map_queue(ctx *args) int32 {
	v := ctx.X
	if bpfMapPushElem(unsafe.Pointer(&fifo), unsafe.Pointer(&v), bpfAny) != 0 {
		return -1
	}
	if bpfMapPushElem(unsafe.Pointer(&lifo), unsafe.Pointer(&v), bpfAny) != 0 {
		return -2
	}
	var oldest, newest uint32
	if bpfMapPeekElem(unsafe.Pointer(&fifo), unsafe.Pointer(&oldest)) != 0 {
		return -3
	}
	if bpfMapPopElem(unsafe.Pointer(&lifo), unsafe.Pointer(&newest)) != 0 {
		return -4
	}
	return int32(oldest*1000 + newest)
}

func main() {}
