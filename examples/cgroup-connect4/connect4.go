// Package main refuses connect() to IPv4 destinations listed in a map, for the processes of the
// cgroup it is attached to (cgroup/connect4).
package main

import "tinybpf.io/sdk/bpf"

// destKey is an IPv4 destination, both fields in network byte order exactly as in the context.
type destKey struct {
	Addr uint32
	Port uint32
}

// blockedDests: destination → connection attempts refused.
var blockedDests = bpf.HashMap[destKey, uint64]{MaxEntries: 256}

//export block_connect4
func block_connect4(ctx *bpf.SockAddr) int32 {
	key := destKey{Addr: ctx.UserIP4, Port: ctx.UserPort}
	if refused := blockedDests.Lookup(&key); refused != nil {
		*refused++
		return bpf.CgroupReject // connect() fails with EPERM
	}
	return bpf.CgroupAllow
}

func main() {}
