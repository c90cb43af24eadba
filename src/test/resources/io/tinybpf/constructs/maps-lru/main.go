//go:build tinygo

// construct: LRU hash map
// category: maps
// program: prog syscall
// run: prog ctx=u64:5 => 0
// run: prog ctx=u64:5 => 5
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

var recent struct {
	Type       *[mapLruHash]int32
	MaxEntries *[16]int32
	Key        *uint64
	Value      *uint64
}

type args struct{ K uint64 }

//export prog
func prog(ctx *args) int32 {
	k := ctx.K
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&recent), unsafe.Pointer(&k))); v != nil {
		return int32(*v)
	}
	bpfMapUpdateElem(unsafe.Pointer(&recent), unsafe.Pointer(&k), unsafe.Pointer(&k), anyFlag)
	return 0
}

func main() {}
