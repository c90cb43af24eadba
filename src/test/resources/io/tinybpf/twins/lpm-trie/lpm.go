//go:build tinygo

// Package main classifies IPv4 packets by source address with a longest-prefix-match trie:
// class 1 drops, class 2 bounces (XDP_TX), no match passes. With 10.0.0.0/8 → 1 and
// 10.1.0.0/16 → 2, a packet from 10.1.2.3 gets class 2: the longest prefix wins.
package main

import "unsafe"

const (
	mapTypeLpmTrie = 11
	bpfFNoPrealloc = 1 // LPM tries must be created without preallocation

	xdpDrop = 1
	xdpPass = 2
	xdpTx   = 3
)

// lpmKey is struct bpf_lpm_trie_key for IPv4: a prefix length in bits, then the address.
type lpmKey struct {
	Prefixlen uint32
	Addr      [4]byte
}

var classes struct {
	Type       *[mapTypeLpmTrie]int32
	MaxEntries *[256]int32
	MapFlags   *[bpfFNoPrealloc]int32
	Key        *lpmKey
	Value      *uint32
}

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export classify_source
func classify_source(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	if data+34 > uintptr(ctx.DataEnd) {
		return xdpPass
	}
	if *(*uint8)(unsafe.Pointer(data + 12)) != 0x08 || *(*uint8)(unsafe.Pointer(data + 13)) != 0x00 {
		return xdpPass
	}
	key := lpmKey{Prefixlen: 32}
	key.Addr = *(*[4]byte)(unsafe.Pointer(data + 26))
	class := (*uint32)(bpfMapLookupElem(unsafe.Pointer(&classes), unsafe.Pointer(&key)))
	switch {
	case class == nil:
		return xdpPass
	case *class == 1:
		return xdpDrop
	default:
		return xdpTx
	}
}

func main() {}
