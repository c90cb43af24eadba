package main

import (
	"testing"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/bpf/bpftest"
)

// Cases checks each packet on the host and, with TINYBPF_TEST_KERNEL set, in the kernel.
func TestParse(t *testing.T) {
	opts := bpftest.IPv4(6, "10.0.0.1", "10.0.0.2", 1, 443)
	// an IPv4 header with 4 bytes of options (IHL 6): the TCP header moves 4 bytes
	withOpts := append(append(append([]byte{}, opts[:34]...), 1, 1, 1, 1), opts[34:]...)
	withOpts[14] = 0x46
	v6 := ipv6(17, 5353)
	prog := bpftest.Program[bpf.XdpMd]{Func: parse, Name: "parse", Object: "build/packets.bpf.o"}
	prog.Test(t, []bpftest.Case[bpf.XdpMd]{
		{Name: "tcp", Packet: bpftest.Packet("tcp 10.0.0.1:4000 > 10.0.0.2:22"), Want: 6<<16 | 22},
		{Name: "udp", Packet: bpftest.Packet("udp 10.0.0.1:4000 > 10.0.0.2:53"), Want: 17<<16 | 53},
		{Name: "ipv4 options", Packet: withOpts, Want: 6<<16 | 443},
		{Name: "icmp", Packet: bpftest.Packet("icmp 10.0.0.1 > 10.0.0.2"), Want: 2},
		{Name: "arp", Packet: bpftest.ARP(), Want: 1},
		{Name: "truncated tcp", Packet: bpftest.Packet("tcp 10.0.0.1:4000 > 10.0.0.2:22")[:40], Want: 3},
		{Name: "ipv6 udp", Packet: v6, Want: 0x1000000 | 17<<16 | 5353},
	})
}

// ipv6 builds Ethernet + IPv6 + a UDP (17) or TCP (6) header.
func ipv6(next uint8, dport uint16) []byte {
	b := make([]byte, 14+40+20)
	copy(b, []byte{2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x86, 0xdd})
	b[14] = 0x60
	b[14+4], b[14+5] = 0, 20
	b[14+6], b[14+7] = next, 64
	b[14+8+15], b[14+24+15] = 1, 2
	b[54+2], b[54+3] = byte(dport>>8), byte(dport)
	return b
}
