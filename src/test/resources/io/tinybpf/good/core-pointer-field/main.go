//go:build tinygo

// Package main loads a pointer field of a kernel struct directly (task->real_parent) and then a
// field through that pointer: both are CO-RE relocated loads of a trusted BTF pointer. The
// pointer load is 8 bytes (it once failed as "a -1-byte read").
package main

import "unsafe"

type bpfCoreTaskStruct struct {
	Tgid       int32
	RealParent *bpfCoreTaskStruct
}

func bpfGetCurrentTaskBtf() unsafe.Pointer

// parent_tgid is a raw tracepoint program run with BPF_PROG_TEST_RUN in the calling thread: it
// returns the tgid of the thread's real parent, which the test compares with the process's ppid.
//
//export parent_tgid
func parent_tgid(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(bpfGetCurrentTaskBtf())
	parent := task.RealParent
	return parent.Tgid
}

func main() {}
