//go:build tinygo

// Package main is a BPF program on the sched_process_exec raw tracepoint. It reads the current
// task's pid, tgid and parent through CO-RE: the field offsets of task_struct are relocated by
// the loader against the running kernel's BTF, so one object works across kernel versions.
package main

import "unsafe"

const mapTypeRingbuf = 27

// bpfCoreTaskStruct declares the task_struct fields this program reads. A bpfCore<Name> type is
// matched by name against the kernel's <name> (task_struct) and its fields by their snake_case
// names (RealParent is real_parent); order and offsets here do not matter.
type bpfCoreTaskStruct struct {
	Pid        int32
	Tgid       int32
	RealParent *bpfCoreTaskStruct
	Comm       [16]byte
}

// execEvent carries the CO-RE reads and, for comparison, what bpf_get_current_pid_tgid says.
type execEvent struct {
	Pid        int32 // task_struct.pid (the thread id)
	Tgid       int32 // task_struct.tgid (the process id)
	Ppid       int32 // real_parent->tgid
	HelperPid  uint32
	HelperTgid uint32
	_          uint32
	Comm       [16]byte
}

var events struct {
	Type       *[mapTypeRingbuf]int32
	MaxEntries *[1 << 16]int32
	Event      *execEvent
}

func bpfGetCurrentTask() uint64
func bpfGetCurrentPidTgid() uint64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64

//export handle_exec
func handle_exec(ctx unsafe.Pointer) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	var ev execEvent
	bpfProbeReadKernel(unsafe.Pointer(&ev.Pid), 4, unsafe.Pointer(&task.Pid))
	bpfProbeReadKernel(unsafe.Pointer(&ev.Tgid), 4, unsafe.Pointer(&task.Tgid))
	bpfProbeReadKernel(unsafe.Pointer(&ev.Comm), 16, unsafe.Pointer(&task.Comm))
	var parent *bpfCoreTaskStruct
	bpfProbeReadKernel(unsafe.Pointer(&parent), 8, unsafe.Pointer(&task.RealParent))
	if parent != nil {
		bpfProbeReadKernel(unsafe.Pointer(&ev.Ppid), 4, unsafe.Pointer(&parent.Tgid))
	}
	id := bpfGetCurrentPidTgid()
	ev.HelperPid = uint32(id)
	ev.HelperTgid = uint32(id >> 32)
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0)
	return 0
}

func main() {}
