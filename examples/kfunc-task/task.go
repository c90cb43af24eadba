//go:build tinygo

// Package main calls kernel functions (kfuncs): bpf_task_from_pid takes a reference on a task
// (or returns nil), bpf_task_release drops it; the verifier checks the pairing. The task pointer
// is a trusted kernel pointer, so its fields are read directly, relocated by CO-RE.
//
// lookup_task is a syscall program (run with BPF_PROG_TEST_RUN): given a pid it reports the
// task's tgid. unlink_task is the same lookup from an fentry hook.
package main

import "unsafe"

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

// kfuncs: body-less functions named bpfKfunc + the kernel function's name in CamelCase.
func bpfKfuncBpfTaskFromPid(pid int32) *bpfCoreTaskStruct
func bpfKfuncBpfTaskRelease(task *bpfCoreTaskStruct)

func bpfGetCurrentPidTgid() uint64

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
	task := bpfKfuncBpfTaskFromPid(int32(bpfGetCurrentPidTgid()))
	if task == nil {
		return 0
	}
	tgid := task.Tgid
	bpfKfuncBpfTaskRelease(task)
	if tgid == 0 {
		return 1
	}
	return 0
}

func main() {}
