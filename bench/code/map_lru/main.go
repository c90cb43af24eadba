//go:build tinygo

// bench: an LRU hash of flow records keyed by a struct
// covers: maps (LRU hash), struct keys
// program: map_lru syscall
// input: map_lru ctx=u32:167772161,u32:167772162,u16:1000,u16:53,u32:100
// input: map_lru ctx=u32:167772161,u32:167772162,u16:1000,u16:53,u32:50
// input: map_lru ctx=u32:167772161,u32:167772163,u16:1000,u16:53,u32:10
package main

import "unsafe"

const (
	mapTypeLruHash = 9
	bpfNoexist     = 1
)

type flowKey struct {
	Saddr, Daddr uint32
	Sport, Dport uint16
}

type flowVal struct{ Packets, Bytes uint64 }

var flows struct {
	Type       *[mapTypeLruHash]int32
	MaxEntries *[128]int32
	Key        *flowKey
	Value      *flowVal
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

type args struct {
	Saddr, Daddr uint32
	Sport, Dport uint16
	Len          uint32
}

//export map_lru
func map_lru(ctx *args) int32 {
	key := flowKey{Saddr: ctx.Saddr, Daddr: ctx.Daddr, Sport: ctx.Sport, Dport: ctx.Dport}
	v := (*flowVal)(bpfMapLookupElem(unsafe.Pointer(&flows), unsafe.Pointer(&key)))
	if v == nil {
		nv := flowVal{Packets: 1, Bytes: uint64(ctx.Len)}
		bpfMapUpdateElem(unsafe.Pointer(&flows), unsafe.Pointer(&key), unsafe.Pointer(&nv), bpfNoexist)
		return 1
	}
	v.Packets++
	v.Bytes += uint64(ctx.Len)
	return int32(v.Bytes)
}

func main() {}
