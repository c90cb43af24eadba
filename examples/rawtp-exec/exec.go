// Package main reports every exec with CO-RE reads of the kernel's task_struct: the fields
// kernel_types.go declares are relocated by libbpf against the running kernel's layout.
package main

import "tinybpf.io/sdk/bpf"

// bpfCoreTaskStruct: the task_struct fields read below, from the kernel's BTF. A bpfCore<Name>
// type is matched by name against the kernel's <name> and its fields by their snake_case names
// (RealParent is real_parent); libbpf relocates every read for the running kernel.
//go:generate tinybpf generate --kernel-types task_struct.pid,task_struct.tgid,task_struct.real_parent,task_struct.comm -o kernel_types.go

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

var events = bpf.RingBuf[execEvent]{MaxEntries: 1 << 16}

//export handle_exec
func handle_exec(ctx *bpf.RawTracepointArgs) int32 {
	task := (*bpfCoreTaskStruct)(bpf.GetCurrentTaskPtr())
	var ev execEvent
	bpf.ReadKernel(&ev.Pid, &task.Pid)
	bpf.ReadKernel(&ev.Tgid, &task.Tgid)
	bpf.ReadKernel(&ev.Comm, &task.Comm)
	var parent *bpfCoreTaskStruct
	bpf.ReadKernel(&parent, &task.RealParent)
	if parent != nil {
		bpf.ReadKernel(&ev.Ppid, &parent.Tgid)
	}
	id := bpf.GetCurrentPidTgid()
	ev.HelperPid = uint32(id)
	ev.HelperTgid = uint32(id >> 32)
	events.Output(&ev, 0)
	return 0
}

func main() {}
