//go:build tinygo

// construct: array map with a value-form definition (bpfMapDef)
// category: maps
// program: prog syscall
// run: prog ctx=u32:3 => 3
// run: prog ctx=u32:3 => 6
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

type bpfMapDef struct {
	Type, KeySize, ValueSize, MaxEntries, MapFlags uint32
}

var sums = bpfMapDef{Type: mapArray, KeySize: 4, ValueSize: 8, MaxEntries: 4}

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	k := uint32(1)
	v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&sums), unsafe.Pointer(&k)))
	if v == nil {
		return -1
	}
	*v += uint64(ctx.X)
	return int32(*v)
}

func main() {}
