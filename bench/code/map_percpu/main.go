//go:build tinygo

// bench: per-CPU array and per-CPU hash counters
// covers: maps (percpu array, percpu hash)
// program: map_percpu syscall
// input: map_percpu ctx=u32:1,u32:10
// input: map_percpu ctx=u32:1,u32:20
// input: map_percpu ctx=u32:2,u32:5
package main

import "unsafe"

const (
	mapTypePercpuHash  = 5
	mapTypePercpuArray = 6
	bpfAny             = 0
)

var total struct {
	Type       *[mapTypePercpuArray]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *uint64
}

var perKey struct {
	Type       *[mapTypePercpuHash]int32
	MaxEntries *[16]int32
	Key        *uint32
	Value      *uint64
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

type args struct{ Key, Add uint32 }

//export map_percpu
func map_percpu(ctx *args) int32 {
	zero := uint32(0)
	t := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&total), unsafe.Pointer(&zero)))
	if t == nil {
		return -1
	}
	*t += uint64(ctx.Add)
	key := ctx.Key
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&perKey), unsafe.Pointer(&key))); v != nil {
		*v += uint64(ctx.Add)
	} else {
		val := uint64(ctx.Add)
		bpfMapUpdateElem(unsafe.Pointer(&perKey), unsafe.Pointer(&key), unsafe.Pointer(&val), bpfAny)
	}
	return int32(*t)
}

func main() {}
