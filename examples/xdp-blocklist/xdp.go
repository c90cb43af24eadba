// Package main is an XDP filter: IPv4 packets whose source address is in the blocklist map are
// dropped, everything else passes. ctx.Packet().IPv4() does the bounds check against the end
// of the packet the verifier requires and the EtherType check, and returns nil when either fails.
package main

import "tinybpf.io/sdk/bpf"

// blocklist maps a source IPv4 address (network byte order, as in the packet) to a drop counter.
var blocklist = bpf.HashMap[[4]byte, uint64]{MaxEntries: 1024}

//export xdp_blocklist
func xdp_blocklist(ctx *bpf.XdpMd) int32 {
	ip := ctx.Packet().IPv4()
	if ip == nil {
		return bpf.XdpPass
	}
	saddr := ip.Saddr
	if hits := blocklist.Lookup(&saddr); hits != nil {
		*hits++
		return bpf.XdpDrop
	}
	return bpf.XdpPass
}

func main() {}
