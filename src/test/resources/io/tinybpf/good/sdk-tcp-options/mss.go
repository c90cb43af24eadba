// Package main finds the MSS option of a TCP segment: a loop over the options, each read with
// Packet.At at an offset known only at run time (the IPv4 header's and the options' lengths).
package main

import "tinybpf.io/sdk/bpf"

// tcp_mss returns the MSS option's value, 1 for a TCP segment without one, 0 for anything else.
//
//export tcp_mss
func tcp_mss(ctx *bpf.XdpMd) int32 {
	p := ctx.Packet()
	ip := p.IPv4()
	if ip == nil {
		return 0
	}
	tcp := p.TCP(ip)
	if tcp == nil {
		return 0
	}
	end := uintptr(tcp.DOff>>4) * 4
	l4 := uintptr(bpf.EthHdrLen) + uintptr(ip.VerIHL&0x0f)*4
	off := uintptr(bpf.TCPHdrLen)
	for i := 0; i < 10 && off < end; i++ {
		kind := (*uint8)(p.At(l4+off, 1))
		if kind == nil || *kind == 0 { // past the packet, or the end-of-options option
			return 1
		}
		if *kind == 1 { // no-operation: one byte
			off++
			continue
		}
		opt := (*[4]byte)(p.At(l4+off, 4))
		if opt == nil || opt[1] < 2 {
			return 1
		}
		if opt[0] == 2 {
			return int32(opt[2])<<8 | int32(opt[3])
		}
		off += uintptr(opt[1])
	}
	return 1
}

func main() {}
