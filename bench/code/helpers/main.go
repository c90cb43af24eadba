//go:build tinygo

// bench: helpers that are calls, not inlined: process identity, the task's name, a probe read
// covers: helpers (not inlined), buffers a helper fills
// program: helpers syscall
// input: helpers ctx=u32:0
// input: helpers ctx=u32:1
package main

import "unsafe"

func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentUidGid() uint64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

type args struct{ Mode uint32 }

// The result does not depend on the process running the test: its name is compared with
// itself through a probe read, and its ids only decide that they are not zero.
//
//export helpers
func helpers(ctx *args) int32 {
	tgid := uint32(bpfGetCurrentPidTgid() >> 32)
	uid := uint32(bpfGetCurrentUidGid())
	var comm [16]byte
	if bpfGetCurrentComm(unsafe.Pointer(&comm), uint32(len(comm))) != 0 {
		return -1
	}
	var copied [16]byte
	if bpfProbeReadKernel(unsafe.Pointer(&copied), uint32(len(copied)), unsafe.Pointer(&comm)) != 0 {
		return -2
	}
	if copied != comm {
		return -3
	}
	r := int32(0)
	if tgid != 0 {
		r |= 1
	}
	if ctx.Mode != 0 && uid == 0 {
		r |= 2
	}
	if comm[0] != 0 {
		r |= 4
	}
	return r
}

func main() {}
