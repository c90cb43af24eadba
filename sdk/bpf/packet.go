package bpf

import "unsafe"

// Packet is direct access to the packet of an XDP or tc program: XdpMd.Packet and
// SkBuff.Packet return one. Every accessor checks the bounds the verifier requires (the header
// must end at or before the packet's end) and returns nil when the packet is too short or not of
// that protocol, so a nil check is the whole of the parsing code:
//
//	ip := ctx.Packet().IPv4()
//	if ip == nil {
//		return bpf.XdpPass
//	}
//
// The start is kept as a pointer and the end as an address: the verifier compares them as
// packet pointers, and on the host the pointer keeps the test's packet alive.
type Packet struct {
	data unsafe.Pointer
	end  uintptr
}

// Len returns the packet's length in bytes.
func (p Packet) Len() uint32 { return uint32(p.end - uintptr(p.data)) }

// At returns a pointer to n bytes at offset off, or nil when they are not all in the packet.
func (p Packet) At(off, n uintptr) unsafe.Pointer {
	if !packetFits(uintptr(p.data)+off+n, p.end) {
		return nil
	}
	return unsafe.Add(p.data, off)
}

// Eth returns the Ethernet header, or nil when the packet is shorter than one.
func (p Packet) Eth() *EthHdr {
	return (*EthHdr)(p.At(0, EthHdrLen))
}

// Headers are addressed as fields of these frame layouts rather than by pointer arithmetic:
// LLVM then knows a header's address is not nil (an in-bounds field address at a non-zero
// offset), so the caller's nil check folds into the bounds checks and costs no instruction.
type (
	ethIPv4Frame struct {
		eth EthHdr
		ip  IPv4Hdr
	}
	ethIPv6Frame struct {
		eth EthHdr
		ip  IPv6Hdr
	}
	ipv6L4 struct {
		ip IPv6Hdr
		l4 [0]byte
	}
	// ipv4Options spans the longest IPv4 header (60 bytes) and what follows it.
	ipv4Options [64]byte
)

// IPv4 returns the IPv4 header after the Ethernet header, or nil when the frame is not IPv4 or
// too short for a 20-byte header.
func (p Packet) IPv4() *IPv4Hdr {
	if uintptr(p.data)+EthHdrLen+IPv4HdrLen > p.end {
		return nil
	}
	if (*EthHdr)(p.data).Proto != Htons(uint16(EthPIPv4)) {
		return nil
	}
	return &(*ethIPv4Frame)(p.data).ip
}

// IPv6 returns the IPv6 header after the Ethernet header, or nil when the frame is not IPv6 or
// too short.
func (p Packet) IPv6() *IPv6Hdr {
	if uintptr(p.data)+EthHdrLen+IPv6HdrLen > p.end {
		return nil
	}
	if (*EthHdr)(p.data).Proto != Htons(uint16(EthPIPv6)) {
		return nil
	}
	return &(*ethIPv6Frame)(p.data).ip
}

// l4 returns n bytes after the IPv4 header ip (whose options IHL accounts for), or nil.
func (p Packet) l4(ip *IPv4Hdr, proto IPProto, n uintptr) unsafe.Pointer {
	if ip.Protocol != proto {
		return nil
	}
	off := uintptr(ip.VerIHL&0x0f) * 4
	if uintptr(unsafe.Pointer(ip))+off+n > p.end {
		return nil
	}
	return unsafe.Pointer(&(*ipv4Options)(unsafe.Pointer(ip))[off])
}

// TCP returns the TCP header after the IPv4 header ip (from IPv4), or nil when ip is not TCP or
// the packet is too short.
func (p Packet) TCP(ip *IPv4Hdr) *TCPHdr { return (*TCPHdr)(p.l4(ip, IPProtoTCP, TCPHdrLen)) }

// UDP returns the UDP header after the IPv4 header ip, or nil.
func (p Packet) UDP(ip *IPv4Hdr) *UDPHdr { return (*UDPHdr)(p.l4(ip, IPProtoUDP, UDPHdrLen)) }

// TCP6 returns the TCP header directly after the IPv6 header ip (no extension headers), or nil.
func (p Packet) TCP6(ip *IPv6Hdr) *TCPHdr {
	if ip.NextHdr != IPProtoTCP || uintptr(unsafe.Pointer(ip))+IPv6HdrLen+TCPHdrLen > p.end {
		return nil
	}
	return (*TCPHdr)(unsafe.Pointer(&(*ipv6L4)(unsafe.Pointer(ip)).l4))
}

// UDP6 returns the UDP header directly after the IPv6 header ip, or nil.
func (p Packet) UDP6(ip *IPv6Hdr) *UDPHdr {
	if ip.NextHdr != IPProtoUDP || uintptr(unsafe.Pointer(ip))+IPv6HdrLen+UDPHdrLen > p.end {
		return nil
	}
	return (*UDPHdr)(unsafe.Pointer(&(*ipv6L4)(unsafe.Pointer(ip)).l4))
}

// Header sizes.
const (
	EthHdrLen  = 14
	IPv4HdrLen = 20 // without options
	IPv6HdrLen = 40
	TCPHdrLen  = 20 // without options
	UDPHdrLen  = 8
)

// Be16 is a 16-bit value in network byte order (big-endian), as it is in packet headers.
type Be16 uint16

// Be32 is a 32-bit value in network byte order.
type Be32 uint32

// Host returns v in host byte order (BPF and x86-64 are little-endian).
func (v Be16) Host() uint16 { return uint16(v)>>8 | uint16(v)<<8 }

// Host returns v in host byte order.
func (v Be32) Host() uint32 {
	return uint32(v)>>24 | (uint32(v)>>8)&0xff00 | (uint32(v)<<8)&0xff0000 | uint32(v)<<24
}

// Htons converts a host-order value to network byte order; with a constant it folds away.
func Htons(v uint16) Be16 { return Be16(v>>8 | v<<8) }

// Htonl converts a host-order value to network byte order.
func Htonl(v uint32) Be32 { return Be32(Be32(v).Host()) }

// EthHdr is an Ethernet header (struct ethhdr).
type EthHdr struct {
	Dst   [6]byte
	Src   [6]byte
	Proto Be16 // EtherType, network byte order: compare with Htons(uint16(bpf.EthPIPv4)) or use Type
}

// Type returns the EtherType in host byte order.
func (h *EthHdr) Type() EtherType { return EtherType(h.Proto.Host()) }

// IPv4Hdr is an IPv4 header without options (struct iphdr).
type IPv4Hdr struct {
	VerIHL   uint8 // version (high 4 bits) and header length in 32-bit words (low 4 bits)
	TOS      uint8
	TotLen   Be16
	ID       Be16
	FragOff  Be16
	TTL      uint8
	Protocol IPProto
	Check    Be16
	Saddr    [4]byte // network byte order, as in the packet
	Daddr    [4]byte
}

// HeaderLen returns the header's length in bytes, options included.
func (h *IPv4Hdr) HeaderLen() uint32 { return uint32(h.VerIHL&0x0f) * 4 }

// IPv6Hdr is an IPv6 header (struct ipv6hdr).
type IPv6Hdr struct {
	VerTCFlow  [4]byte // version, traffic class, flow label
	PayloadLen Be16
	NextHdr    IPProto
	HopLimit   uint8
	Saddr      [16]byte
	Daddr      [16]byte
}

// TCPHdr is a TCP header without options (struct tcphdr).
type TCPHdr struct {
	Sport  Be16
	Dport  Be16
	Seq    Be32
	AckSeq Be32
	DOff   uint8 // data offset in 32-bit words (high 4 bits)
	Flags  uint8 // FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80
	Window Be16
	Check  Be16
	UrgPtr Be16
}

// TCP flags (TCPHdr.Flags).
const (
	TCPFin uint8 = 0x01
	TCPSyn uint8 = 0x02
	TCPRst uint8 = 0x04
	TCPPsh uint8 = 0x08
	TCPAck uint8 = 0x10
	TCPUrg uint8 = 0x20
)

// UDPHdr is a UDP header (struct udphdr).
type UDPHdr struct {
	Sport Be16
	Dport Be16
	Len   Be16
	Check Be16
}
