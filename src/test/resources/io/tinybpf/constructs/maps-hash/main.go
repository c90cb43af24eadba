//go:build tinygo

// construct: hash map update, lookup with a nil check, delete
// category: maps
// program: prog syscall
// run: prog ctx=u32:7 => 1
// run: prog ctx=u32:7 => 2
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

var counts struct {
	Type       *[mapHash]int32
	MaxEntries *[64]int32
	Key        *uint32
	Value      *uint64
}

type args struct{ K uint32 }

//export prog
func prog(ctx *args) int32 {
	k := ctx.K
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&k))); v != nil {
		*v++
		return int32(*v)
	}
	one := uint64(1)
	bpfMapUpdateElem(unsafe.Pointer(&counts), unsafe.Pointer(&k), unsafe.Pointer(&one), anyFlag)
	return 1
}

func main() {}
