package main

import (
	"testing"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/bpf/bpftest"
)

// The same table runs on the host (go test) and, with TINYBPF_TEST_KERNEL=1, in the kernel
// through tinybpf test on build/xdp.bpf.o.
func TestXdpBlocklist(t *testing.T) {
	listed := func() {
		key, zero := bpftest.Addr("10.0.0.1"), uint64(0)
		blocklist.Update(&key, &zero, bpf.Any)
	}
	udp := bpftest.Packet("udp 10.0.0.1:1234 > 10.0.0.2:53")
	prog := bpftest.Program[bpf.XdpMd]{Func: xdp_blocklist, Name: "xdp_blocklist", Object: "build/xdp.bpf.o",
		Maps: map[string]bpf.Map{"blocklist": &blocklist}}
	prog.Test(t, []bpftest.Case[bpf.XdpMd]{
		{Name: "not listed", Packet: udp, Want: bpf.XdpPass},
		{Name: "listed source dropped", Packet: udp, Setup: listed, Want: bpf.XdpDrop, Check: func(t *testing.T) {
			key := bpftest.Addr("10.0.0.1")
			if hits := blocklist.Lookup(&key); hits == nil || *hits != 1 {
				t.Errorf("drop not counted: %v", hits)
			}
		}},
		{Name: "other source", Packet: bpftest.Packet("udp 10.0.0.9:1 > 10.0.0.2:2"), Setup: listed, Want: bpf.XdpPass},
		{Name: "not IPv4", Packet: bpftest.ARP(), Setup: listed, Want: bpf.XdpPass},
		{Name: "truncated", Packet: udp[:30], Setup: listed, Want: bpf.XdpPass},
	})
}
