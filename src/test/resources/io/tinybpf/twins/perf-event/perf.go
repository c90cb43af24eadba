//go:build tinygo

// Package main sends an event through a perf event array every time a process calls getppid().
package main

import "unsafe"

const (
	mapTypePerfEventArray = 4
	bpfFCurrentCPU        = 0xffffffff // write to this CPU's perf buffer
)

type ppidEvent struct {
	Pid  uint32
	Tgid uint32
	Comm [16]byte
}

// events: one perf buffer per CPU (libbpf sizes it to the number of CPUs).
var events struct {
	Type      *[mapTypePerfEventArray]int32
	KeySize   *[4]int32
	ValueSize *[4]int32
	Event     *ppidEvent
}

func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfPerfEventOutput(ctx unsafe.Pointer, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64

//export on_getppid
func on_getppid(ctx unsafe.Pointer) int32 {
	id := bpfGetCurrentPidTgid()
	ev := ppidEvent{Pid: uint32(id), Tgid: uint32(id >> 32)}
	bpfGetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	bpfPerfEventOutput(ctx, unsafe.Pointer(&events), bpfFCurrentCPU, unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)))
	return 0
}

func main() {}
