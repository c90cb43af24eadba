//go:build tinygo

// construct: an array map with an 8-byte key
// category: maps
// program: prog syscall
// error: main.go:27: 4-byte
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

var bad struct {
	Type       *[mapArray]int32
	MaxEntries *[4]int32
	Key        *uint64
	Value      *uint64
}

type args struct{ K uint64 }

//export prog
func prog(ctx *args) int32 {
	k := ctx.K
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&bad), unsafe.Pointer(&k))); v != nil {
		return 1
	}
	return 0
}

func main() {}
