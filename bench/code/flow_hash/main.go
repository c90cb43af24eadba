//go:build tinygo

// bench: per-flow packet counters in XDP: parse, build a 5-tuple key, update a hash map
// covers: packet parsing with a map, struct keys
// program: flow_hash xdp
// input: flow_hash packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: flow_hash packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: flow_hash packet=tcp 10.0.0.3:4000 > 10.0.0.2:80
// input: flow_hash packet=icmp 10.0.0.1 > 10.0.0.2
// input: flow_hash packet=arp
package main

import "unsafe"

const (
	mapTypeHash = 1
	bpfNoexist  = 1
	xdpPass     = 2
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

type ipv4Hdr struct {
	VerIHL, TOS      uint8
	TotLen, ID, Frag uint16
	TTL, Protocol    uint8
	Check            uint16
	Saddr, Daddr     uint32
}

type flowKey struct {
	Saddr, Daddr uint32
	Sport, Dport uint16
	Proto        uint8
	_            [3]byte
}

var flowCounts struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[1024]int32
	Key        *flowKey
	Value      *uint64
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m, key, value unsafe.Pointer, flags uint64) int64

//export flow_hash
func flow_hash(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+14+20 > end {
		return xdpPass
	}
	if *(*uint16)(unsafe.Pointer(data + 12)) != 0x0008 {
		return xdpPass
	}
	ip := (*ipv4Hdr)(unsafe.Pointer(data + 14))
	key := flowKey{Saddr: ip.Saddr, Daddr: ip.Daddr, Proto: ip.Protocol}
	if ip.Protocol == 6 || ip.Protocol == 17 {
		if data+14+20+4 > end {
			return xdpPass
		}
		ports := (*[2]uint16)(unsafe.Pointer(data + 34))
		key.Sport = ports[0]
		key.Dport = ports[1]
	}
	if n := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&flowCounts), unsafe.Pointer(&key))); n != nil {
		*n++
		return xdpPass
	}
	one := uint64(1)
	bpfMapUpdateElem(unsafe.Pointer(&flowCounts), unsafe.Pointer(&key), unsafe.Pointer(&one), bpfNoexist)
	return xdpPass
}

func main() {}
