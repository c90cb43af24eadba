// Package main declares one map of every SDK map type and exercises them from a syscall program
// (test-run in the kernel by SdkMapsKernelTest) and from the host (maps_test.go): both must agree.
package main

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
)

var (
	hash     = bpf.HashMap[uint32, uint64]{MaxEntries: 8}
	array    = bpf.Array[uint64]{MaxEntries: 4}
	pcpuArr  = bpf.PerCPUArray[uint64]{MaxEntries: 1}
	pcpuHash = bpf.PerCPUHash[uint32, uint64]{MaxEntries: 8}
	lru      = bpf.LRUHash[uint32, uint64]{MaxEntries: 2}
	lruPcpu  = bpf.LRUPerCPUHash[uint32, uint64]{MaxEntries: 8, MapFlags: bpf.NoCommonLRU}
	trie     = bpf.LPMTrie[[4]byte, uint32]{MaxEntries: 8}
	queue    = bpf.Queue[uint64]{MaxEntries: 4}
	stack    = bpf.Stack[uint64]{MaxEntries: 4}
	ring     = bpf.RingBuf[result]{MaxEntries: 4096}
	perf     = bpf.PerfEventArray[result]{}
	progs    = bpf.ProgArray{MaxEntries: 2}
	inner    = bpf.Array[uint64]{MaxEntries: 2}
	outer    = bpf.ArrayOfMaps[bpf.Array[uint64]]{MaxEntries: 2, InnerMaxEntries: 2}
	byName   = bpf.HashOfMaps[uint32, bpf.HashMap[uint32, uint64]]{MaxEntries: 2, InnerMaxEntries: 4}
	pinned   = bpf.HashMap[uint32, uint32]{MaxEntries: 1, MapFlags: bpf.NoPrealloc}
)

// result is what exercise found, one field per check; sent through the ring buffer.
type result struct {
	Hash, Array, PerCPU, LRU, Trie, Queue, Stack, Inner uint64
}

//export exercise
func exercise(ctx *bpf.RawTracepointArgs) int32 {
	var r result
	k, v := uint32(1), ctx.Arg(0)
	hash.Update(&k, &v, bpf.Any)
	if p := hash.Lookup(&k); p != nil {
		r.Hash = *p
	}
	array.Update(2, &v, bpf.Any)
	if p := array.Lookup(2); p != nil {
		r.Array = *p + 1
	}
	if p := pcpuArr.Lookup(0); p != nil {
		*p += v
		r.PerCPU = *p
	}
	pcpuHash.Update(&k, &v, bpf.NoExist)
	lruPcpu.Update(&k, &v, bpf.Any)
	// an LRU hash of 2: the third key evicts the least recently used
	for i := uint32(10); i < 13; i++ {
		lru.Update(&i, &v, bpf.Any)
	}
	if p := lru.Lookup(&k); p == nil {
		r.LRU = 3 // key 1 was never there
	}
	prefix := bpf.LPMKey[[4]byte]{Prefixlen: 8, Data: [4]byte{10}}
	class := uint32(7)
	trie.Update(&prefix, &class, bpf.Any)
	addr := bpf.LPMKey[[4]byte]{Prefixlen: 32, Data: [4]byte{10, 1, 2, 3}}
	if p := trie.Lookup(&addr); p != nil {
		r.Trie = uint64(*p)
	}
	a, b := uint64(5), uint64(6)
	queue.Push(&a, 0)
	queue.Push(&b, 0)
	stack.Push(&a, 0)
	stack.Push(&b, 0)
	var out uint64
	if queue.Pop(&out) == 0 {
		r.Queue = out // FIFO: 5
	}
	if stack.Pop(&out) == 0 {
		r.Stack = out // LIFO: 6
	}
	if m := outer.Lookup(0); m != nil {
		if p := m.Lookup(1); p != nil {
			r.Inner = *p
		}
	}
	ring.Output(&r, 0)
	return int32(r.Hash + r.Array + r.Trie + r.Queue + r.Stack + r.Inner)
}

// others uses the remaining map types (an unused map is not in the object).
//
//export others
func others(ctx *bpf.XdpMd) int32 {
	k := uint32(0)
	if m := byName.Lookup(&k); m != nil {
		if p := m.Lookup(&k); p != nil {
			*p++
		}
	}
	if p := pinned.Lookup(&k); p != nil {
		*p++
	}
	if p := inner.Lookup(0); p != nil {
		*p++
	}
	r := result{Hash: 1}
	perf.Output(unsafe.Pointer(ctx), &r, bpf.CurrentCPU)
	progs.TailCall(unsafe.Pointer(ctx), 1)
	return bpf.XdpPass
}

func main() {}
