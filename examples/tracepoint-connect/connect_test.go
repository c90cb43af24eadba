package main

import (
	"testing"
	"unsafe"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/bpf/bpftest"
)

// On the host the tracepoint's user pointer is the address of a Go value, which bpf.ReadUser
// copies; the pid comes from an injected helper.
func TestConnectEvent(t *testing.T) {
	bpftest.Reset()
	bpftest.Helpers.GetCurrentPidTgid = func() uint64 { return 4242<<32 | 4243 }
	sa, addr := bpftest.Pin(sockaddrIn{Family: uint16(bpf.AfInet), Port: bpf.Htons(8080), Addr: [4]byte{127, 0, 0, 1}})
	ctx := &SysEnterConnectArgs{Uservaddr: addr, Addrlen: uint64(unsafe.Sizeof(*sa))}
	if r := bpftest.Run(handle_connect, ctx); r != 0 {
		t.Fatalf("returned %d", r)
	}
	evs := bpftest.RingRecords(&events)
	if len(evs) != 1 {
		t.Fatalf("want one event, got %d", len(evs))
	}
	if e := evs[0]; e.PID != 4242 || e.Port != 8080 || e.Addr != [4]byte{127, 0, 0, 1} || e.Comm[0] == 0 {
		t.Errorf("event %+v", e)
	}

	// IPv6 destinations are not reported
	sa.Family = 10
	bpftest.Run(handle_connect, ctx)
	if evs := bpftest.RingRecords(&events); len(evs) != 0 {
		t.Errorf("AF_INET6 connect reported: %+v", evs)
	}
}
