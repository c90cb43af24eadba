//go:build tinygo

// bench: ring buffer records: reserve, fill, submit; and a copy with bpf_ringbuf_output
// covers: ring buffer reserve/submit
// program: ringbuf syscall
// input: ringbuf ctx=u32:1,u32:7,u64:123456789
// input: ringbuf ctx=u32:0,u32:8,u64:42
// input: ringbuf ctx=u32:1,u32:9,u64:0
package main

import "unsafe"

const mapTypeRingbuf = 27

type event struct {
	Kind, Pid uint32
	Value     uint64
	Tag       [8]byte
}

var events struct {
	Type       *[mapTypeRingbuf]int32
	MaxEntries *[4096]int32
	Event      *event
}

func bpfRingbufReserve(m unsafe.Pointer, size, flags uint64) unsafe.Pointer
func bpfRingbufSubmit(data unsafe.Pointer, flags uint64)
func bpfRingbufOutput(m, data unsafe.Pointer, size, flags uint64) int64

type args struct {
	Reserve, Pid uint32
	Value        uint64
}

//export ringbuf
func ringbuf(ctx *args) int32 {
	if ctx.Reserve == 0 {
		ev := event{Kind: 2, Pid: ctx.Pid, Value: ctx.Value}
		return int32(bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0))
	}
	e := (*event)(bpfRingbufReserve(unsafe.Pointer(&events), uint64(unsafe.Sizeof(event{})), 0))
	if e == nil {
		return -1
	}
	e.Kind = 1
	e.Pid = ctx.Pid
	e.Value = ctx.Value * 3
	e.Tag = [8]byte{'r', 'e', 's', 'e', 'r', 'v', 'e'}
	bpfRingbufSubmit(unsafe.Pointer(e), 0)
	return 1
}

func main() {}
