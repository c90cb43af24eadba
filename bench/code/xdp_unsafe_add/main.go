//go:build tinygo

// bench: XDP parsing with unsafe.Pointer and unsafe.Add, honouring the IPv4 header length
// covers: packet parsing (unsafe.Add)
// program: xdp_unsafe_add xdp
// input: xdp_unsafe_add packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: xdp_unsafe_add packet=udp 10.0.0.1:53 > 10.0.0.2:54
// input: xdp_unsafe_add packet=tcp 10.0.0.1:1000 > 10.0.0.2:53
// input: xdp_unsafe_add packet=tcp 10.0.0.1:1000 > 10.0.0.2:80
// input: xdp_unsafe_add packet=arp
// input: xdp_unsafe_add packet=hex:ffffffffffff00000000000108004f0000
// input: xdp_unsafe_add packet=hex:ffffffffffff000000000001080046000000000000001100000a0000010a00000200000000000000000035
package main

import "unsafe"

const (
	xdpDrop = 1
	xdpPass = 2
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

//export xdp_unsafe_add
func xdp_unsafe_add(ctx *xdpMd) int32 {
	data := unsafe.Pointer(uintptr(ctx.Data))
	end := uintptr(ctx.DataEnd)
	eth := (*ethHdr)(data)
	if uintptr(unsafe.Add(data, unsafe.Sizeof(ethHdr{}))) > end {
		return xdpPass
	}
	if eth.Proto != htons(0x0800) {
		return xdpPass
	}
	ip := (*ipv4Hdr)(unsafe.Add(data, unsafe.Sizeof(ethHdr{})))
	if uintptr(unsafe.Add(unsafe.Pointer(ip), unsafe.Sizeof(ipv4Hdr{}))) > end {
		return xdpPass
	}
	ihl := int(ip.VerIHL&0x0f) * 4
	if ihl < int(unsafe.Sizeof(ipv4Hdr{})) {
		return xdpPass
	}
	l4 := unsafe.Add(unsafe.Pointer(ip), ihl)
	if uintptr(unsafe.Add(l4, unsafe.Sizeof(l4Ports{}))) > end {
		return xdpPass
	}
	ports := (*l4Ports)(l4)
	if ports.Dport == htons(53) || ports.Sport == htons(53) {
		return xdpDrop
	}
	return xdpPass
}

func main() {}
