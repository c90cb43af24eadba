// Package main sends an event to userspace through a perf event array on every getppid().
package main

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
)

type ppidEvent struct {
	Pid  uint32
	Tgid uint32
	Comm [16]byte
}

// events: one perf buffer per CPU (libbpf sizes the array to the number of CPUs).
var events = bpf.PerfEventArray[ppidEvent]{}

//export on_getppid
func on_getppid(ctx unsafe.Pointer) int32 {
	id := bpf.GetCurrentPidTgid()
	ev := ppidEvent{Pid: uint32(id), Tgid: uint32(id >> 32)}
	bpf.CurrentComm(&ev.Comm)
	events.Output(ctx, &ev, bpf.CurrentCPU)
	return 0
}

func main() {}
