// Package main is a socket filter: it keeps UDP packets, drops the rest, and counts packets per
// IP protocol. Socket filters have no direct packet access, so the protocol byte is read with
// bpf_skb_load_bytes_relative from the network header.
package main

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
)

// protoCounts: IP protocol number → packets seen.
var protoCounts = bpf.Array[uint64]{MaxEntries: 256}

//export udp_only
func udp_only(skb *bpf.SkBuff) int32 {
	var proto uint8
	if bpf.SkbLoadBytesRelative(unsafe.Pointer(skb), 9, unsafe.Pointer(&proto), 1, bpf.HdrStartNet) != 0 {
		return bpf.SocketDrop
	}
	if n := protoCounts.Lookup(uint32(proto)); n != nil {
		*n++
	}
	if proto == bpf.IPProtoUDP {
		return bpf.SocketKeepAll
	}
	return bpf.SocketDrop
}

func main() {}
