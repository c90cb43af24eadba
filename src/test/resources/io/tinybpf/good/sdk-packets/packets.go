// Package main parses packets with the SDK's bounds-checked accessors and returns what it
// found, encoded in the return value: protocol<<16 | destination port, 1 for a frame that is
// not IP, 2 for IP that is neither TCP nor UDP, 3 for a truncated header.
package main

import "tinybpf.io/sdk/bpf"

//export parse
func parse(ctx *bpf.XdpMd) int32 {
	pkt := ctx.Packet()
	if eth := pkt.Eth(); eth == nil {
		return 3
	}
	if ip := pkt.IPv4(); ip != nil {
		if tcp := pkt.TCP(ip); tcp != nil {
			return int32(bpf.IPProtoTCP)<<16 | int32(tcp.Dport.Host())
		}
		if udp := pkt.UDP(ip); udp != nil {
			return int32(bpf.IPProtoUDP)<<16 | int32(udp.Dport.Host())
		}
		if ip.Protocol == bpf.IPProtoTCP || ip.Protocol == bpf.IPProtoUDP {
			return 3
		}
		return 2
	}
	if ip := pkt.IPv6(); ip != nil {
		if tcp := pkt.TCP6(ip); tcp != nil {
			return 0x1000000 | int32(bpf.IPProtoTCP)<<16 | int32(tcp.Dport.Host())
		}
		if udp := pkt.UDP6(ip); udp != nil {
			return 0x1000000 | int32(bpf.IPProtoUDP)<<16 | int32(udp.Dport.Host())
		}
		return 2
	}
	return 1
}

func main() {}
