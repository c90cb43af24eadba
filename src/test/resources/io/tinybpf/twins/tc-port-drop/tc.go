//go:build tinygo

// Package main is a tc ingress classifier: IPv4 TCP or UDP packets to a destination port in the
// blocked_ports map are dropped (TC_ACT_SHOT) and counted; everything else passes (TC_ACT_OK).
// Headers are copied out with bpf_skb_load_bytes, which needs no bounds-check choreography.
package main

import "unsafe"

const (
	mapTypeHash = 1

	tcActOK   = 0
	tcActShot = 2

	ipProtoTCP = 6
	ipProtoUDP = 17
)

// blockedPorts: destination port (host byte order) → packets dropped.
var blockedPorts struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[256]int32
	Key        *uint16
	Value      *uint64
}

func bpfSkbLoadBytes(skb unsafe.Pointer, offset uint32, to unsafe.Pointer, size uint32) int64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export tc_ingress
func tc_ingress(skb unsafe.Pointer) int32 {
	var ethType [2]byte
	if bpfSkbLoadBytes(skb, 12, unsafe.Pointer(&ethType), 2) != 0 || ethType[0] != 0x08 || ethType[1] != 0x00 {
		return tcActOK
	}
	var ip [20]byte
	if bpfSkbLoadBytes(skb, 14, unsafe.Pointer(&ip), 20) != 0 {
		return tcActOK
	}
	if proto := ip[9]; proto != ipProtoTCP && proto != ipProtoUDP {
		return tcActOK
	}
	ihl := uint32(ip[0]&0x0f) * 4
	var ports [4]byte
	if bpfSkbLoadBytes(skb, 14+ihl, unsafe.Pointer(&ports), 4) != 0 {
		return tcActOK
	}
	port := uint16(ports[2])<<8 | uint16(ports[3])
	if drops := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&blockedPorts), unsafe.Pointer(&port))); drops != nil {
		*drops++
		return tcActShot
	}
	return tcActOK
}

func main() {}
