//go:build tinygo

// construct: a map lookup result used without a nil check
// category: maps
// program: prog syscall
// error: main.go:40: nil check
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
	v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&k)))
	*v++
	return 1
}

func main() {}
