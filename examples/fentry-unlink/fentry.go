//go:build tinygo

// Package main is an fentry program on do_unlinkat: it runs through a BPF trampoline with the
// function's arguments as an array of 64-bit values, here counting unlinks per directory fd.
package main

import "unsafe"

const mapTypeHash = 1

// unlinkArgs: do_unlinkat(int dfd, struct filename *name) as fentry sees it.
type unlinkArgs struct {
	Dfd  uint64
	Name uint64
}

var perDfd struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[64]int32
	Key        *int32
	Value      *uint64
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64

//export unlink_fentry
func unlink_fentry(ctx *unlinkArgs) int32 {
	dfd := int32(ctx.Dfd)
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&perDfd), unsafe.Pointer(&dfd))); n != nil {
		*n++
		return 0
	}
	one := uint64(1)
	bpfMapUpdateElem(unsafe.Pointer(&perDfd), unsafe.Pointer(&dfd), unsafe.Pointer(&one), 0)
	return 0
}

func main() {}
