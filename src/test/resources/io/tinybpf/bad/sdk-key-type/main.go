package main

import "tinybpf.io/sdk/bpf"

var counts = bpf.HashMap[uint32, uint64]{MaxEntries: 16}

//export prog
func prog(ctx *bpf.SkBuff) int32 {
	key := uint64(ctx.Len)
	if n := counts.Lookup(&key); n != nil {
		*n++
	}
	return 0
}

func main() {}
