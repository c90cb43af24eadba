// Package main classifies IPv4 sources with a longest-prefix-match trie: class 1 drops, any
// other class bounces the packet back (XDP_TX), no match passes.
package main

import "tinybpf.io/sdk/bpf"

// classes: source prefix (bpf.LPMKey: prefix length in bits, then the address) → class. LPM
// tries need NoPrealloc, which bpf.LPMTrie always sets.
var classes = bpf.LPMTrie[[4]byte, uint32]{MaxEntries: 256}

//export classify_source
func classify_source(ctx *bpf.XdpMd) int32 {
	ip := ctx.Packet().IPv4()
	if ip == nil {
		return bpf.XdpPass
	}
	key := bpf.LPMKey[[4]byte]{Prefixlen: 32, Data: ip.Saddr}
	class := classes.Lookup(&key)
	switch {
	case class == nil:
		return bpf.XdpPass
	case *class == 1:
		return bpf.XdpDrop
	default:
		return bpf.XdpTx
	}
}

func main() {}
