//go:build tinygo

// construct: per-CPU array as scratch space
// category: maps
// program: prog syscall
// run: prog ctx=u32:9 => 9
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

var scratch struct {
	Type       *[mapPercpuArr]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *[256]byte
}

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	k := uint32(0)
	buf := (*[256]byte)(bpfMapLookupElem(unsafe.Pointer(&scratch), unsafe.Pointer(&k)))
	if buf == nil {
		return -1
	}
	buf[ctx.X&255] = uint8(ctx.X)
	return int32(buf[ctx.X&255])
}

func main() {}
