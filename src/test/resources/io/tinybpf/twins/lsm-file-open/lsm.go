//go:build tinygo

// Package main is a BPF LSM program on the file_open hook: it counts file opens per process
// and allows them all (an LSM program returns 0 to allow, a negative errno to deny).
package main

import "unsafe"

const mapTypeLruHash = 9

var opens struct {
	Type       *[mapTypeLruHash]int32
	MaxEntries *[4096]int32
	Key        *uint32
	Value      *uint64
}

func bpfGetCurrentPidTgid() uint64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64

//export check_file_open
func check_file_open(ctx unsafe.Pointer) int32 {
	tgid := uint32(bpfGetCurrentPidTgid() >> 32)
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&opens), unsafe.Pointer(&tgid))); n != nil {
		*n++
		return 0
	}
	one := uint64(1)
	bpfMapUpdateElem(unsafe.Pointer(&opens), unsafe.Pointer(&tgid), unsafe.Pointer(&one), 0)
	return 0
}

func main() {}
