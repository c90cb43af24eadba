//go:build tinygo

// bench: a hash map counter: lookup, update in place or insert, delete
// covers: maps (hash)
// program: map_hash syscall
// input: map_hash ctx=u32:1,u32:5,u32:0
// input: map_hash ctx=u32:1,u32:5,u32:0
// input: map_hash ctx=u32:2,u32:9,u32:0
// input: map_hash ctx=u32:1,u32:1,u32:1
// input: map_hash ctx=u32:1,u32:3,u32:0
package main

import "unsafe"

const (
	mapTypeHash = 1
	bpfNoexist  = 1
)

var counts struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[64]int32
	Key        *uint32
	Value      *uint64
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64
func bpfMapDeleteElem(m, key unsafe.Pointer) int64

type args struct{ Key, Add, Delete uint32 }

//export map_hash
func map_hash(ctx *args) int32 {
	key := ctx.Key
	if ctx.Delete != 0 {
		return int32(bpfMapDeleteElem(unsafe.Pointer(&counts), unsafe.Pointer(&key)))
	}
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counts), unsafe.Pointer(&key))); v != nil {
		*v += uint64(ctx.Add)
		return int32(*v)
	}
	val := uint64(ctx.Add)
	return int32(bpfMapUpdateElem(unsafe.Pointer(&counts), unsafe.Pointer(&key), unsafe.Pointer(&val), bpfNoexist))
}

func main() {}
