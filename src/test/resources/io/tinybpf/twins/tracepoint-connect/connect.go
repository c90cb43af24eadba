//go:build tinygo

// Package main is a BPF program: on every connect() it sends the caller's PID, command name and
// IPv4 destination to userspace through a ring buffer.
package main

import "unsafe"

const (
	mapTypeRingbuf = 27
	afInet         = 2
)

// events is a ring buffer map (64 KiB). The field types are libbpf's BTF map encoding: the array
// length of Type is the map type and that of MaxEntries the buffer size. Event names the record
// type, so `tinybpf generate` can give userspace the same struct.
var events struct {
	Type       *[mapTypeRingbuf]int32
	MaxEntries *[1 << 16]int32
	Event      *connectEvent
}

// connectEvent is one record in the ring buffer; `tinybpf generate` gives userspace the same layout.
type connectEvent struct {
	PID    uint32
	Port   uint16 // destination port, host byte order
	Family uint16
	Addr   [4]byte // destination IPv4 address, network byte order
	Comm   [16]byte
}

// sysEnterConnectArgs is the tracepoint's context, from
// /sys/kernel/tracing/events/syscalls/sys_enter_connect/format.
type sysEnterConnectArgs struct {
	Common    uint64
	SyscallNr int32
	_         int32
	Fd        uint64
	Uservaddr uint64
	Addrlen   uint64
}

type sockaddrIn struct {
	Family uint16
	Port   uint16 // network byte order
	Addr   [4]byte
	_      [8]byte
}

// BPF helpers: body-less functions named after the kernel's bpf_* helpers.
func bpfGetCurrentPidTgid() uint64
func bpfGetCurrentComm(buf unsafe.Pointer, size uint32) int64
func bpfProbeReadUser(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64
func bpfRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64

//export handle_connect
func handle_connect(ctx unsafe.Pointer) int32 {
	args := (*sysEnterConnectArgs)(ctx)
	var sa sockaddrIn
	if bpfProbeReadUser(unsafe.Pointer(&sa), uint32(unsafe.Sizeof(sa)), unsafe.Pointer(uintptr(args.Uservaddr))) != 0 {
		return 0
	}
	if sa.Family != afInet {
		return 0
	}
	var ev connectEvent
	ev.PID = uint32(bpfGetCurrentPidTgid() >> 32)
	ev.Port = sa.Port>>8 | sa.Port<<8
	ev.Family = sa.Family
	ev.Addr = sa.Addr
	bpfGetCurrentComm(unsafe.Pointer(&ev.Comm), uint32(len(ev.Comm)))
	bpfRingbufOutput(unsafe.Pointer(&events), unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev)), 0)
	return 0
}

func main() {}
