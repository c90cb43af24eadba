package main

import "tinybpf.io/sdk/bpf"

// SysEnterConnectArgs is the context of tracepoint/syscalls/sys_enter_connect, from
// /sys/kernel/tracing/events/syscalls/sys_enter_connect/format.
type SysEnterConnectArgs struct {
	bpf.TracepointCommon
	SyscallNr int32
	_         [4]byte
	Fd        uint64
	Uservaddr uint64
	Addrlen   uint64
}
