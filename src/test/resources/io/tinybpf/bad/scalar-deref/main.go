//go:build tinygo

// A task pointer from bpf_get_current_task is a number to the verifier: dereferencing it is refused.
package main

import "unsafe"

func bpfGetCurrentTask() uint64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	t := uintptr(bpfGetCurrentTask())
	return int32(*(*uint32)(unsafe.Pointer(t + 16)))
}
