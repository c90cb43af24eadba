//go:build tinygo

// bench: an LPM trie of IPv4 prefixes: longest-prefix match on the destination, a hit counter per prefix
// covers: maps (LPM trie)
// program: map_lpm xdp
// map-entry: routes u32:8,u8:10,u8:0,u8:0,u8:0 = u32:1,u32:0
// map-entry: routes u32:24,u8:10,u8:0,u8:2,u8:0 = u32:2,u32:0
// input: map_lpm packet=udp 10.0.0.1:1000 > 10.0.2.9:53
// input: map_lpm packet=udp 10.0.0.1:1000 > 10.0.3.9:53
// input: map_lpm packet=tcp 10.0.0.1:1000 > 10.0.2.1:80
// input: map_lpm packet=tcp 10.0.0.1:1000 > 11.0.2.1:80
// input: map_lpm packet=arp
package main

import "unsafe"

const (
	mapTypeLpmTrie = 11
	bpfFNoPrealloc = 1
	xdpDrop        = 1
	xdpPass        = 2
	xdpTx          = 3
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

type lpmKey struct {
	Prefixlen uint32
	Addr      [4]byte
}

type route struct{ Verdict, Hits uint32 }

var routes struct {
	Type       *[mapTypeLpmTrie]int32
	MaxEntries *[64]int32
	MapFlags   *[bpfFNoPrealloc]int32
	Key        *lpmKey
	Value      *route
}

func bpfMapLookupElem(m, key unsafe.Pointer) unsafe.Pointer

//export map_lpm
func map_lpm(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+34 > end {
		return xdpPass
	}
	if *(*uint16)(unsafe.Pointer(data + 12)) != 0x0008 {
		return xdpPass
	}
	key := lpmKey{Prefixlen: 32, Addr: *(*[4]byte)(unsafe.Pointer(data + 30))}
	r := (*route)(bpfMapLookupElem(unsafe.Pointer(&routes), unsafe.Pointer(&key)))
	if r == nil {
		return xdpPass
	}
	r.Hits++
	if r.Verdict == 2 {
		return xdpDrop
	}
	return xdpTx
}

func main() {}
