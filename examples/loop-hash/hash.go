//go:build tinygo

// Package main hashes a variable-length buffer with FNV-1a in a bounded loop. A syscall program
// looks up the bytes in an array map and takes their length from its context. The loop bound
// depends on that input, so the verifier cannot summarize the loop: it walks every iteration and
// follows both outcomes of the length check each time. Almost all of the verifier's work goes into
// the loop, which is what `tinybpf verify --kernel --profile` shows line by line.
package main

import "unsafe"

const (
	mapTypeArray = 2

	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

// input holds the bytes to hash at key 0 (the loader or `tinybpf test --set` writes them).
var input struct {
	Type       *[mapTypeArray]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *[64]byte
}

// args is the syscall program's context, passed in by BPF_PROG_TEST_RUN: how many bytes to hash.
type args struct {
	Len uint32
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export hash_input
func hash_input(ctx *args) int32 {
	var key uint32
	buf := (*[64]byte)(bpfMapLookupElem(unsafe.Pointer(&input), unsafe.Pointer(&key)))
	if buf == nil {
		return 0
	}
	n := ctx.Len
	h := uint32(fnvOffset)
	for i := uint32(0); i < n && i < uint32(len(buf)); i++ {
		h ^= uint32(buf[i])
		h *= fnvPrime
	}
	return int32(h)
}

func main() {}
