//go:build tinygo

// bench: a loop with a run-time bound over an array in a map value, and a fixed-count hash loop
// covers: loops
// program: loop_sum syscall
// program: loop_hash syscall
// map-entry: table u32:0 = u32:1,u32:2,u32:3,u32:4,u32:5,u32:6,u32:7,u32:8,u32:9,u32:10,u32:11,u32:12,u32:13,u32:14,u32:15,u32:16
// input: loop_sum ctx=u32:5
// input: loop_sum ctx=u32:16
// input: loop_sum ctx=u32:99
// input: loop_sum ctx=u32:0
// input: loop_hash ctx=u32:1,u32:2,u32:3,u32:4,u32:5,u32:6,u32:7,u32:8
// input: loop_hash ctx=u32:7,u32:2,u32:3,u32:4,u32:5,u32:6,u32:7,u32:9
package main

import "unsafe"

const mapTypeArray = 2

var table struct {
	Type       *[mapTypeArray]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *[16]uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

type sumArgs struct{ N uint32 }

//export loop_sum
func loop_sum(ctx *sumArgs) int32 {
	zero, n := uint32(0), ctx.N
	vals := (*[16]uint32)(bpfMapLookupElem(unsafe.Pointer(&table), unsafe.Pointer(&zero)))
	if vals == nil {
		return -1
	}
	if n > 16 {
		n = 16
	}
	var sum uint32
	for i := uint32(0); i < n; i++ {
		sum += vals[i]
	}
	return int32(sum)
}

type hashArgs struct{ Words [8]uint32 }

//export loop_hash
func loop_hash(ctx *hashArgs) int32 {
	h := uint32(2166136261)
	for i := range 8 {
		h ^= ctx.Words[i]
		h *= 16777619
	}
	return int32(h)
}

func main() {}
