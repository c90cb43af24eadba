package main

import (
	"testing"

	"tinybpf.io/sdk/bpf/bpftest"
)

// The same program on the host; SdkMapsKernelTest expects the same results in the kernel.
func TestEveryMapTypeOnTheHost(t *testing.T) {
	bpftest.Reset()
	bpftest.SetInner(&outer, 0, &inner)
	v := uint64(40)
	inner.Update(1, &v, 0)
	ret := bpftest.Run(exercise, bpftest.RawTracepoint(100))
	recs := bpftest.RingRecords(&ring)
	want := result{Hash: 100, Array: 101, PerCPU: 100, LRU: 3, Trie: 7, Queue: 5, Stack: 6, Inner: 40}
	if len(recs) != 1 || recs[0] != want {
		t.Fatalf("records %+v, want %+v", recs, want)
	}
	if ret != 100+101+7+5+6+40 {
		t.Errorf("returned %d", ret)
	}
	// the LRU hash kept the two most recent keys
	for k, want := range map[uint32]bool{10: false, 11: true, 12: true} {
		if got := lru.Lookup(&k) != nil; got != want {
			t.Errorf("lru key %d present: %v, want %v", k, got, want)
		}
	}
}
