package bpftest

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
)

var packetSpec = regexp.MustCompile(`^(?i)(udp|tcp|icmp)\s+([0-9.]+)(?::(\d+))?\s*(?:>|->)\s*([0-9.]+)(?::(\d+))?$`)

// Packet builds an Ethernet frame from the one-line description tinybpf test --packet takes:
// "udp 10.0.0.1:1234 > 10.0.0.2:53", "tcp 10.0.0.1 > 10.0.0.2:80" (a missing port is 0),
// "icmp 10.0.0.1 > 10.0.0.2" or "arp". The headers are well formed (lengths, IPv4 checksum); the
// payload is 8 zero bytes. It panics on a malformed description (a test bug).
func Packet(spec string) []byte {
	s := strings.TrimSpace(spec)
	if strings.EqualFold(s, "arp") {
		return ARP()
	}
	m := packetSpec.FindStringSubmatch(s)
	if m == nil {
		panic(fmt.Sprintf("bpftest.Packet: %q is not a packet description (e.g. \"udp 10.0.0.1:1234 > 10.0.0.2:53\")", spec))
	}
	proto := map[string]uint8{"udp": 17, "tcp": 6, "icmp": 1}[strings.ToLower(m[1])]
	return IPv4(proto, m[2], m[4], port(m[3]), port(m[5]))
}

func port(s string) uint16 {
	if s == "" {
		return 0
	}
	p, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		panic("bpftest.Packet: bad port " + s)
	}
	return uint16(p)
}

// IPv4 builds Ethernet + IPv4 + a TCP (6), UDP (17) or ICMP echo (1) header + 8 zero bytes.
func IPv4(proto uint8, src, dst string, srcPort, dstPort uint16) []byte {
	l4 := 8
	if proto == 6 {
		l4 = 20
	}
	b := make([]byte, 14+20+l4+8)
	copy(b, []byte{2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00})
	ip := b[14:34]
	ip[0] = 0x45
	binary.BigEndian.PutUint16(ip[2:], uint16(20+l4+8))
	binary.BigEndian.PutUint16(ip[4:], 1)
	binary.BigEndian.PutUint16(ip[6:], 0x4000)
	ip[8], ip[9] = 64, proto
	s, d := Addr(src), Addr(dst)
	copy(ip[12:], s[:])
	copy(ip[16:], d[:])
	binary.BigEndian.PutUint16(ip[10:], checksum(ip))
	l := b[34:]
	switch proto {
	case 6:
		binary.BigEndian.PutUint16(l[0:], srcPort)
		binary.BigEndian.PutUint16(l[2:], dstPort)
		binary.BigEndian.PutUint32(l[4:], 1)
		l[12], l[13] = 0x50, 0x02 // data offset 5 words, SYN
		binary.BigEndian.PutUint16(l[14:], 0xffff)
	case 17:
		binary.BigEndian.PutUint16(l[0:], srcPort)
		binary.BigEndian.PutUint16(l[2:], dstPort)
		binary.BigEndian.PutUint16(l[4:], 16)
	default:
		l[0] = 8 // echo request
		binary.BigEndian.PutUint16(l[4:], srcPort)
		binary.BigEndian.PutUint16(l[6:], 1)
	}
	return b
}

// ARP builds an ARP request (an Ethernet frame that is not IPv4).
func ARP() []byte {
	b := make([]byte, 42)
	copy(b, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 2, 0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1})
	return b
}

// Addr parses a dotted IPv4 address into its four bytes in network order.
func Addr(dotted string) [4]byte {
	a, err := netip.ParseAddr(dotted)
	if err != nil || !a.Is4() {
		panic("bpftest: " + dotted + " is not an IPv4 address")
	}
	return a.As4()
}

func checksum(h []byte) uint16 {
	var sum uint32
	for i := 0; i+1 < len(h); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(h[i:]))
	}
	for sum > 0xffff {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
