//go:build tinygo

// construct: an LPM trie without BPF_F_NO_PREALLOC
// category: maps
// program: prog syscall
// error: main.go:16: BPF_F_NO_PREALLOC
package main

import "unsafe"

type lpmKey struct {
	Prefixlen uint32
	Addr      [4]byte
}

var nets struct {
	Type       *[11]int32
	MaxEntries *[16]int32
	Key        *lpmKey
	Value      *uint32
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//export prog
func prog(ctx unsafe.Pointer) int32 {
	k := lpmKey{Prefixlen: 32}
	if v := (*uint32)(bpfMapLookupElem(unsafe.Pointer(&nets), unsafe.Pointer(&k))); v != nil {
		return int32(*v)
	}
	return 0
}

func main() {}
