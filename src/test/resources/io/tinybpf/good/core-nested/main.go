//go:build tinygo

// Package main reads fields nested inside task_struct through CO-RE: task->se.load.weight
// and task->signal->... are not used; the nested path is task_struct.se (struct sched_entity,
// embedded by value) then .load (struct load_weight, by value) then .weight.
package main

import "unsafe"

type bpfCoreLoadWeight struct {
	Weight uint64
}

type bpfCoreSchedEntity struct {
	Load     bpfCoreLoadWeight
	OnRq     uint32
	Vruntime uint64
}

type bpfCoreTaskStruct struct {
	Tgid int32
	Se   bpfCoreSchedEntity
}

func bpfGetCurrentTask() uint64
func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

// read_nested is run with BPF_PROG_TEST_RUN: it writes tgid, se.load.weight and se.vruntime
// into its 24-byte context so the test can compare them with what the kernel says.
//
//export read_nested
func read_nested(ctx *[3]uint64) int32 {
	task := (*bpfCoreTaskStruct)(unsafe.Pointer(uintptr(bpfGetCurrentTask())))
	var tgid int32
	var weight, vruntime uint64
	bpfProbeReadKernel(unsafe.Pointer(&tgid), 4, unsafe.Pointer(&task.Tgid))
	bpfProbeReadKernel(unsafe.Pointer(&weight), 8, unsafe.Pointer(&task.Se.Load.Weight))
	bpfProbeReadKernel(unsafe.Pointer(&vruntime), 8, unsafe.Pointer(&task.Se.Vruntime))
	ctx[0] = uint64(tgid)
	ctx[1] = weight
	ctx[2] = vruntime
	return 1
}

func main() {}
