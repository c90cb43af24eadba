//go:build tinygo

// Package main calls kernel functions (kfuncs): bpf_task_from_pid takes a reference on a task
// (or returns nil), bpf_task_release drops it; the verifier checks the pairing. The task pointer
// is a trusted kernel pointer, so its fields are read directly, relocated by CO-RE.
//
// lookup_task is a syscall program (run with BPF_PROG_TEST_RUN): given a pid it reports the
// task's tgid. unlink_task is the same lookup from an fentry hook on do_unlinkat: it records the
// calling thread and the tgid its task_struct holds in lastUnlink.
package main

import "unsafe"

const mapTypeArray = 2

type bpfCoreTaskStruct struct {
	Pid  int32
	Tgid int32
}

// lookupArgs is lookup_task's context: the caller fills Pid; the program fills Tgid and Found.
type lookupArgs struct {
	Pid   int32
	Tgid  int32
	Found int32
}

// unlinker is who called do_unlinkat last: the thread id bpf_get_current_pid_tgid gave, and the
// tgid read from the task bpf_task_from_pid returned for it.
type unlinker struct {
	Pid  int32
	Tgid int32
}

var lastUnlink struct {
	Type       *[mapTypeArray]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *unlinker
}

// kfuncs: body-less functions named bpfKfunc + the kernel function's name in CamelCase.
func bpfKfuncBpfTaskFromPid(pid int32) *bpfCoreTaskStruct
func bpfKfuncBpfTaskRelease(task *bpfCoreTaskStruct)

func bpfGetCurrentPidTgid() uint64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export lookup_task
func lookup_task(ctx *lookupArgs) int32 {
	task := bpfKfuncBpfTaskFromPid(ctx.Pid)
	if task == nil {
		ctx.Found = 0
		return 0
	}
	ctx.Tgid = task.Tgid
	ctx.Found = 1
	bpfKfuncBpfTaskRelease(task)
	return 1
}

//export unlink_task
func unlink_task(ctx unsafe.Pointer) int32 {
	pid := int32(bpfGetCurrentPidTgid())
	task := bpfKfuncBpfTaskFromPid(pid)
	if task == nil {
		return 0
	}
	var key uint32
	if last := (*unlinker)(bpfMapLookupElem(unsafe.Pointer(&lastUnlink), unsafe.Pointer(&key))); last != nil {
		last.Pid = pid
		last.Tgid = task.Tgid
	}
	bpfKfuncBpfTaskRelease(task)
	// fentry programs must return 0: Linux 6.12's verifier rejects anything else
	return 0
}

func main() {}
