//go:build tinygo

// bench: validation of records in a map value, with many early returns inside the loop
// covers: exits and verifier pruning
// program: exits syscall
// map-entry: requests u32:0 = u32:1,u32:10,u32:2,u32:20,u32:3,u32:30,u32:4,u32:40
// map-entry: requests u32:1 = u32:1,u32:10,u32:9,u32:20,u32:3,u32:30,u32:4,u32:40
// map-entry: requests u32:2 = u32:1,u32:10,u32:2,u32:5000,u32:3,u32:30,u32:4,u32:40
// map-entry: requests u32:3 = u32:1,u32:10,u32:2,u32:0,u32:3,u32:30,u32:4,u32:40
// input: exits ctx=u32:0,u32:4
// input: exits ctx=u32:0,u32:2
// input: exits ctx=u32:1,u32:4
// input: exits ctx=u32:1,u32:1
// input: exits ctx=u32:2,u32:3
// input: exits ctx=u32:3,u32:4
// input: exits ctx=u32:0,u32:0
// input: exits ctx=u32:0,u32:9
// input: exits ctx=u32:7,u32:1
package main

import "unsafe"

const mapTypeArray = 2

type rec struct{ Kind, Len uint32 }

var requests struct {
	Type       *[mapTypeArray]int32
	MaxEntries *[4]int32
	Key        *uint32
	Value      *[4]rec
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

type args struct{ Request, N uint32 }

//export exits
func exits(ctx *args) int32 {
	id := ctx.Request
	recs := (*[4]rec)(bpfMapLookupElem(unsafe.Pointer(&requests), unsafe.Pointer(&id)))
	if recs == nil {
		return -6
	}
	if ctx.N == 0 {
		return -1
	}
	if ctx.N > 4 {
		return -2
	}
	var total uint32
	for i := uint32(0); i < ctx.N && i < 4; i++ {
		r := recs[i]
		if r.Kind == 0 || r.Kind > 4 {
			return -3
		}
		if r.Len == 0 {
			return -4
		}
		if r.Len > 1000 {
			return -5
		}
		total += r.Len * r.Kind
	}
	return int32(total)
}

func main() {}
