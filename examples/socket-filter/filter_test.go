package main

import (
	"testing"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/bpf/bpftest"
)

// The same table runs on the host (go test) and, with TINYBPF_TEST_KERNEL=1, in the kernel.
func TestUDPOnly(t *testing.T) {
	prog := bpftest.Program[bpf.SkBuff]{Func: udp_only, Name: "udp_only", Object: "build/filter.bpf.o"}
	counted := func(proto uint32) func(t *testing.T) {
		return func(t *testing.T) {
			if n := protoCounts.Lookup(proto); n == nil || *n != 1 {
				t.Errorf("protocol %d not counted once: %v", proto, n)
			}
		}
	}
	prog.Test(t, []bpftest.Case[bpf.SkBuff]{
		{Name: "UDP kept", Packet: bpftest.Packet("udp 10.0.0.1:1234 > 10.0.0.2:53"), Want: bpf.SocketKeepAll, Check: counted(17)},
		{Name: "TCP dropped", Packet: bpftest.Packet("tcp 10.0.0.1:1234 > 10.0.0.2:80"), Want: bpf.SocketDrop, Check: counted(6)},
		// byte 9 after an ARP request's Ethernet header falls in the (zero) sender MAC
		{Name: "ARP dropped", Packet: bpftest.ARP(), Want: bpf.SocketDrop, Check: counted(0)},
	})
}
