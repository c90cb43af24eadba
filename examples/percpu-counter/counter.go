//go:build tinygo

// Package main counts system calls per CPU: every raw_syscalls/sys_enter event increments this
// CPU's slot of a per-CPU array, without atomics or contention. Userspace sums the slots.
package main

import "unsafe"

const mapTypePercpuArray = 6

// bpfMapDef is the map definition form the original tinybpf used; tinybpf accepts it unchanged
// (each map still gets its own BTF definition).
type bpfMapDef struct {
	Type       uint32
	KeySize    uint32
	ValueSize  uint32
	MaxEntries uint32
	MapFlags   uint32
}

// counters holds one uint64 per CPU at key 0.
var counters = bpfMapDef{Type: mapTypePercpuArray, KeySize: 4, ValueSize: 8, MaxEntries: 1}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export count_syscalls
func count_syscalls(ctx unsafe.Pointer) int32 {
	var key uint32
	if v := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&counters), unsafe.Pointer(&key))); v != nil {
		*v++
	}
	return 0
}

func main() {}
