//go:build tinygo

// bench: socket filter reading headers with bpf_skb_load_bytes into locals
// covers: packet parsing (bpf_skb_load_bytes), buffers a helper fills
// program: skb_load socket
// input: skb_load packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: skb_load packet=udp 10.0.0.1:1000 > 10.0.0.2:54
// input: skb_load packet=tcp 10.0.0.1:1000 > 10.0.0.2:53
// input: skb_load packet=tcp 10.0.0.1:1000 > 10.0.0.2:443
// input: skb_load packet=icmp 10.0.0.1 > 10.0.0.2
package main

import "unsafe"

type ipv4Hdr struct {
	VerIHL, TOS      uint8
	TotLen, ID, Frag uint16
	TTL, Protocol    uint8
	Check            uint16
	Saddr, Daddr     uint32
}

type l4Ports struct{ Sport, Dport uint16 }

func bpfSkbLoadBytes(skb unsafe.Pointer, offset uint32, to unsafe.Pointer, length uint32) int64

func htons(x uint16) uint16 { return x<<8 | x>>8 }

// A socket filter's offsets start at the network header; it returns the bytes to keep.
//
//export skb_load
func skb_load(skb unsafe.Pointer) int32 {
	var ip ipv4Hdr
	if bpfSkbLoadBytes(skb, 0, unsafe.Pointer(&ip), uint32(unsafe.Sizeof(ip))) != 0 {
		return 0
	}
	if ip.Protocol != 6 && ip.Protocol != 17 {
		return 0
	}
	var ports l4Ports
	if bpfSkbLoadBytes(skb, uint32(ip.VerIHL&0x0f)*4, unsafe.Pointer(&ports), uint32(unsafe.Sizeof(ports))) != 0 {
		return 0
	}
	if ports.Dport == htons(53) {
		return 0xffff
	}
	if ip.Protocol == 6 && ports.Dport == htons(443) {
		return 64
	}
	return 0
}

func main() {}
