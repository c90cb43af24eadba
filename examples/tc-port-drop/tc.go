// Package main is a tc ingress filter: TCP and UDP packets to a destination port listed in the
// blockedPorts map are dropped and counted. Headers are copied out with bpf_skb_load_bytes, so
// the IPv4 options (IHL) are honoured without direct packet access.
package main

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
)

// blockedPorts: destination port (host byte order) → packets dropped.
var blockedPorts = bpf.HashMap[uint16, uint64]{MaxEntries: 256}

//export tc_ingress
func tc_ingress(skb *bpf.SkBuff) int32 {
	var ethType bpf.Be16 // the Ethernet header's last field
	if bpf.SkbLoadBytes(unsafe.Pointer(skb), 12, unsafe.Pointer(&ethType), 2) != 0 || ethType != bpf.Htons(uint16(bpf.EthPIPv4)) {
		return bpf.TcActOK
	}
	var ip bpf.IPv4Hdr
	if bpf.SkbLoadBytes(unsafe.Pointer(skb), bpf.EthHdrLen, unsafe.Pointer(&ip), bpf.IPv4HdrLen) != 0 {
		return bpf.TcActOK
	}
	if ip.Protocol != bpf.IPProtoTCP && ip.Protocol != bpf.IPProtoUDP {
		return bpf.TcActOK
	}
	// source and destination port: the first four bytes of both the TCP and the UDP header
	var ports [2]bpf.Be16
	if bpf.SkbLoadBytes(unsafe.Pointer(skb), bpf.EthHdrLen+ip.HeaderLen(), unsafe.Pointer(&ports), 4) != 0 {
		return bpf.TcActOK
	}
	port := ports[1].Host()
	if drops := blockedPorts.Lookup(&port); drops != nil {
		*drops++
		return bpf.TcActShot
	}
	return bpf.TcActOK
}

func main() {}
