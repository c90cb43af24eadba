// Package main is a BPF program: on every connect() it sends the caller's PID, command name and
// IPv4 destination to userspace through a ring buffer.
package main

import "tinybpf.io/sdk/bpf"

// The tracepoint's context struct (SysEnterConnectArgs), from its tracefs format file:
//go:generate tinybpf generate --tracepoint syscalls/sys_enter_connect -o tracepoint_types.go

// events is a ring buffer (64 KiB) of connectEvent records: tinybpf run decodes them and
// tinybpf generate gives userspace the same struct.
var events = bpf.RingBuf[connectEvent]{MaxEntries: 1 << 16}

// connectEvent is one record in the ring buffer.
type connectEvent struct {
	PID    uint32
	Port   uint16 // destination port, host byte order
	Family uint16
	Addr   [4]byte // destination IPv4 address, network byte order
	Comm   [16]byte
}

type sockaddrIn struct {
	Family uint16
	Port   bpf.Be16
	Addr   [4]byte
	_      [8]byte
}

//export handle_connect
func handle_connect(ctx *SysEnterConnectArgs) int32 {
	var sa sockaddrIn
	if bpf.ReadUser(&sa, ctx.Uservaddr) != 0 || uint32(sa.Family) != bpf.AfInet {
		return 0
	}
	ev := connectEvent{PID: bpf.CurrentTgid(), Port: sa.Port.Host(), Family: sa.Family, Addr: sa.Addr}
	bpf.CurrentComm(&ev.Comm)
	events.Output(&ev, 0)
	return 0
}

func main() {}
