//go:build tinygo

// construct: map value nil-checked once, then read in a loop condition
// category: maps
// program: prog syscall
// run: prog ctx=u64:5 => 10
// run: prog ctx=u64:100 => 28
package main

import "unsafe"

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

var limits struct {
	Type       *[2]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *uint64
}

type args struct{ N uint64 }

//export prog
func prog(ctx *args) int32 {
	var k uint32
	p := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&limits), unsafe.Pointer(&k)))
	if p == nil {
		return -1
	}
	*p = ctx.N
	var sum uint64
	for i := uint64(0); i < *p; i++ {
		if i >= 8 {
			break
		}
		sum += i
	}
	return int32(sum)
}

func main() {}
