package main

import (
	"testing"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/bpf/bpftest"
)

// Segments: Ethernet + IPv4 (20 bytes) + TCP with the options given.
func segment(options ...byte) []byte {
	tcp := append([]byte{0x30, 0x39, 0x00, 0x50, 0, 0, 0, 0, 0, 0, 0, 0, byte((20+len(options))/4) << 4, 0x02, 0xff, 0xff, 0, 0, 0, 0}, options...)
	ip := []byte{0x45, 0, 0, byte(20 + len(tcp)), 0, 0, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2}
	eth := []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00}
	return append(append(eth, ip...), tcp...)
}

// The same table runs on the host (go test) and, in SdkTcpOptionsKernelTest, in the kernel.
var Cases = []struct {
	Name   string
	Packet []byte
	Want   int32
}{
	{"two NOPs then MSS 1460", segment(1, 1, 2, 4, 0x05, 0xb4, 0, 0), 1460},
	{"MSS first", segment(2, 4, 0x02, 0x18), 536},
	{"window scale, then MSS", segment(3, 3, 7, 1, 2, 4, 0x05, 0x78, 0, 0, 0, 0), 1400},
	{"no options", segment(), 1},
	{"end of options", segment(0, 0, 0, 0), 1},
	{"truncated option", segment(1, 1, 2, 4)[:14+20+23], 1},
	{"UDP", bpftest.Packet("udp 10.0.0.1:1 > 10.0.0.2:53"), 0},
}

func TestTcpMss(t *testing.T) {
	prog := bpftest.Program[bpf.XdpMd]{Func: tcp_mss, Name: "tcp_mss", Object: "build/mss.bpf.o"}
	var cases []bpftest.Case[bpf.XdpMd]
	for _, c := range Cases {
		cases = append(cases, bpftest.Case[bpf.XdpMd]{Name: c.Name, Packet: c.Packet, Want: c.Want})
	}
	prog.Test(t, cases)
}
