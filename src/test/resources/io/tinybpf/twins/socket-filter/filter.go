//go:build tinygo

// Package main is a socket filter that keeps only UDP packets and counts every packet by IP
// protocol. A socket filter returns how many bytes of the packet to keep: 0 drops it.
package main

import "unsafe"

const (
	mapTypeArray   = 2
	bpfHdrStartNet = 1 // bpf_skb_load_bytes_relative: offsets from the network header
	ipProtoUDP     = 17
)

// protoCounts: IP protocol number → packets seen.
var protoCounts struct {
	Type       *[mapTypeArray]int32
	MaxEntries *[256]int32
	Key        *uint32
	Value      *uint64
}

func bpfSkbLoadBytesRelative(skb unsafe.Pointer, offset uint32, to unsafe.Pointer, size uint32, startHeader uint32) int64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export udp_only
func udp_only(skb unsafe.Pointer) int32 {
	var proto uint8
	if bpfSkbLoadBytesRelative(skb, 9, unsafe.Pointer(&proto), 1, bpfHdrStartNet) != 0 {
		return 0
	}
	key := uint32(proto)
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&protoCounts), unsafe.Pointer(&key))); n != nil {
		*n++
	}
	if proto == ipProtoUDP {
		return 0xffff // keep the whole packet
	}
	return 0
}

func main() {}
