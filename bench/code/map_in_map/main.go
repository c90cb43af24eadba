//go:build tinygo

// bench: an array of maps: pick an inner hash map by tenant, count a key in it
// covers: maps (array of maps)
// program: map_in_map syscall
// inner-maps: tenants hash:4:8:16 0,1
// input: map_in_map ctx=u32:0,u32:5
// input: map_in_map ctx=u32:0,u32:5
// input: map_in_map ctx=u32:1,u32:5
// input: map_in_map ctx=u32:3,u32:5
package main

import "unsafe"

const (
	mapTypeHash        = 1
	mapTypeArrayOfMaps = 12
	bpfNoexist         = 1
)

type inner struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[16]int32
	Key        *uint32
	Value      *uint64
}

var tenants struct {
	Type       *[mapTypeArrayOfMaps]int32
	MaxEntries *[2]int32
	Key        *uint32
	Values     [0]*inner
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

type args struct{ Tenant, Key uint32 }

//export map_in_map
func map_in_map(ctx *args) int32 {
	t, key := ctx.Tenant, ctx.Key
	m := bpfMapLookupElem(unsafe.Pointer(&tenants), unsafe.Pointer(&t))
	if m == nil {
		return -1
	}
	if v := (*uint64)(bpfMapLookupElem(m, unsafe.Pointer(&key))); v != nil {
		*v++
		return int32(*v)
	}
	one := uint64(1)
	return int32(bpfMapUpdateElem(m, unsafe.Pointer(&key), unsafe.Pointer(&one), bpfNoexist))
}

func main() {}
