//go:build tinygo

// Package main is an XDP filter: IPv4 packets whose source address is in the blocklist map are
// dropped, everything else passes. Headers are read with direct packet access, each read guarded
// by a bounds check against data_end, as the verifier requires.
package main

import "unsafe"

const (
	mapTypeHash = 1

	xdpDrop = 1
	xdpPass = 2

	ethPIPv4  = 0x0800
	ethHdrLen = 14
)

// blocklist maps a source IPv4 address (network byte order, as in the packet) to a drop counter.
var blocklist struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[1024]int32
	Key        *[4]byte
	Value      *uint64
}

// xdpMd is the XDP context (struct xdp_md): data and data_end are packet pointers the kernel
// rewrites at load time, so they are read as 32-bit fields and widened.
type xdpMd struct {
	Data           uint32
	DataEnd        uint32
	DataMeta       uint32
	IngressIfindex uint32
	RxQueueIndex   uint32
	EgressIfindex  uint32
}

type ethHdr struct {
	Dst   [6]byte
	Src   [6]byte
	Proto [2]byte // big-endian EtherType
}

type ipv4Hdr struct {
	VerIHL   uint8
	TOS      uint8
	TotLen   uint16
	ID       uint16
	FragOff  uint16
	TTL      uint8
	Protocol uint8
	Check    uint16
	Saddr    [4]byte
	Daddr    [4]byte
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export xdp_blocklist
func xdp_blocklist(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+ethHdrLen+unsafe.Sizeof(ipv4Hdr{}) > end {
		return xdpPass
	}
	eth := (*ethHdr)(unsafe.Pointer(data))
	if eth.Proto[0] != ethPIPv4>>8 || eth.Proto[1] != ethPIPv4&0xff {
		return xdpPass
	}
	ip := (*ipv4Hdr)(unsafe.Pointer(data + ethHdrLen))
	saddr := ip.Saddr
	if hits := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&blocklist), unsafe.Pointer(&saddr))); hits != nil {
		*hits++
		return xdpDrop
	}
	return xdpPass
}

func main() {}
