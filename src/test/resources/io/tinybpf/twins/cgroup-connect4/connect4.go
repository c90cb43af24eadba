//go:build tinygo

// Package main is a cgroup/connect4 hook: connect() calls from processes in the cgroup to an
// IPv4 address and port listed in blocked_dests fail with EPERM; all others are allowed.
package main

import "unsafe"

const mapTypeHash = 1

// bpfSockAddr is the hook's context (struct bpf_sock_addr). UserIp4 and UserPort hold the
// destination in network byte order, as connect() received it.
type bpfSockAddr struct {
	UserFamily uint32
	UserIp4    uint32
	UserIp6    [4]uint32
	UserPort   uint32
	Family     uint32
	Type       uint32
	Protocol   uint32
}

// destKey is an IPv4 destination, both fields in network byte order exactly as in the context.
type destKey struct {
	Addr uint32
	Port uint32
}

// blockedDests: destination → connection attempts refused.
var blockedDests struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[256]int32
	Key        *destKey
	Value      *uint64
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer

//export block_connect4
func block_connect4(ctx *bpfSockAddr) int32 {
	key := destKey{Addr: ctx.UserIp4, Port: ctx.UserPort}
	if refused := (*uint64)(bpfMapLookupElem(unsafe.Pointer(&blockedDests), unsafe.Pointer(&key))); refused != nil {
		*refused++
		return 0 // refuse: connect() fails with EPERM
	}
	return 1 // allow
}

func main() {}
