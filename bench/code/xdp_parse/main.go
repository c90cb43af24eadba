//go:build tinygo

// bench: XDP header parsing with direct packet access through header structs
// covers: packet parsing (direct access)
// program: xdp_parse xdp
// input: xdp_parse packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: xdp_parse packet=udp 10.0.0.1:1000 > 10.0.0.2:54
// input: xdp_parse packet=tcp 10.0.0.1:1000 > 10.0.0.2:22
// input: xdp_parse packet=tcp 10.0.0.1:1000 > 10.0.0.2:80
// input: xdp_parse packet=icmp 10.0.0.1 > 10.0.0.2
// input: xdp_parse packet=arp
// input: xdp_parse packet=hex:ffffffffffff0000000000010800450000
package main

import "unsafe"

const (
	xdpDrop = 1
	xdpPass = 2

	ethPIPv4   = 0x0800
	ipProtoTCP = 6
	ipProtoUDP = 17
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

type ethHdr struct {
	Dst, Src [6]byte
	Proto    uint16
}

type ipv4Hdr struct {
	VerIHL, TOS      uint8
	TotLen, ID, Frag uint16
	TTL, Protocol    uint8
	Check            uint16
	Saddr, Daddr     uint32
}

type l4Ports struct{ Sport, Dport uint16 }

func htons(x uint16) uint16 { return x<<8 | x>>8 }

//export xdp_parse
func xdp_parse(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+unsafe.Sizeof(ethHdr{}) > end {
		return xdpPass
	}
	eth := (*ethHdr)(unsafe.Pointer(data))
	if eth.Proto != htons(ethPIPv4) {
		return xdpPass
	}
	ipStart := data + unsafe.Sizeof(ethHdr{})
	if ipStart+unsafe.Sizeof(ipv4Hdr{}) > end {
		return xdpPass
	}
	ip := (*ipv4Hdr)(unsafe.Pointer(ipStart))
	if ip.Protocol != ipProtoTCP && ip.Protocol != ipProtoUDP {
		return xdpPass
	}
	l4 := ipStart + unsafe.Sizeof(ipv4Hdr{})
	if l4+unsafe.Sizeof(l4Ports{}) > end {
		return xdpPass
	}
	ports := (*l4Ports)(unsafe.Pointer(l4))
	if ip.Protocol == ipProtoUDP && ports.Dport == htons(53) {
		return xdpDrop
	}
	if ip.Protocol == ipProtoTCP && ports.Dport == htons(22) {
		return xdpDrop
	}
	return xdpPass
}

func main() {}
