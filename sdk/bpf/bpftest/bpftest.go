// Package bpftest runs BPF programs written with package bpf as ordinary Go under go test: maps
// are in memory, contexts point at test packets, helpers have host implementations that a test
// can replace (Helpers), and ring buffer records, perf records and trace lines are collected.
//
//	func TestBlocklist(t *testing.T) {
//		bpftest.Reset()
//		key := [4]byte{10, 0, 0, 1}
//		var zero uint64
//		blocklist.Update(&key, &zero, bpf.Any)
//		if got := bpftest.Run(xdp_blocklist, bpftest.XDP(bpftest.Packet("udp 10.0.0.1:1234 > 10.0.0.2:53"))); got != bpf.XdpDrop {
//			t.Fatalf("got %d", got)
//		}
//	}
//
// A table of cases (Program.Test) runs on the host and, with TINYBPF_TEST_KERNEL=1, also in the
// running kernel through tinybpf test (BPF_PROG_TEST_RUN) on the built object, with the same
// inputs and map contents: one table, both worlds.
//
// The package is for tests only: it is not available to code compiled by TinyGo.
package bpftest

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/internal/hooks"
)

// Helpers replaces BPF helpers for the program under test: set a field to a function with the
// helper's signature (pointers are unsafe.Pointer), e.g.
//
//	bpftest.Helpers.GetCurrentPidTgid = func() uint64 { return 42<<32 | 42 }
//
// A nil field means the SDK's host implementation (maps, ring buffers, probe reads of host
// memory, the test process's pid, uid and name, time); helpers without one panic, naming the
// field to set. Reset clears them all.
var Helpers = &hooks.Helpers

// Reset clears helper replacements, map contents, packets, records and trace lines: call it at
// the start of each test.
func Reset() {
	hooks.Reset()
	pinned = nil
}

// XDP returns an XDP context whose packet is pkt (ctx.Packet() and bpf.XdpLoadBytes see it).
func XDP(pkt []byte) *bpf.XdpMd {
	ctx := &bpf.XdpMd{DataEnd: uint32(len(pkt))}
	hooks.SetPacket(unsafe.Pointer(ctx), clone(pkt))
	return ctx
}

// Skb returns a socket buffer context (tc, socket filter, cgroup skb) whose packet is pkt, an
// Ethernet frame: Len and Protocol are set from it; SkbLoadBytes and ctx.Packet() read it.
func Skb(pkt []byte) *bpf.SkBuff {
	ctx := &bpf.SkBuff{Len: uint32(len(pkt)), DataEnd: uint32(len(pkt))}
	if len(pkt) >= 14 {
		ctx.Protocol = uint32(pkt[12]) | uint32(pkt[13])<<8 // network byte order, as the kernel stores it
	}
	hooks.SetPacket(unsafe.Pointer(ctx), clone(pkt))
	return ctx
}

func clone(b []byte) []byte {
	c := make([]byte, len(b), len(b)+1) // never empty backing store: a packet always has an address
	copy(c, b)
	return c
}

// Run runs prog on ctx as the kernel would, following tail calls (bpf.ProgArray.TailCall runs
// the program SetTailCall stored and does not return), and returns its result.
func Run[C any](prog func(*C) int32, ctx *C) int32 {
	return hooks.Call(func(p unsafe.Pointer) int32 { return prog((*C)(p)) }, unsafe.Pointer(ctx))
}

// SetTailCall stores prog in slot index of a program array (nil empties the slot).
func SetTailCall[C any](m *bpf.ProgArray, index uint32, prog func(*C) int32) {
	var f func(unsafe.Pointer) int32
	if prog != nil {
		f = func(p unsafe.Pointer) int32 { return prog((*C)(p)) }
	}
	hostMap(m).SetProg(index, f)
}

// SetInner stores inner as the map in slot i of an array of maps.
func SetInner[M bpf.Map](m *bpf.ArrayOfMaps[M], i uint32, inner *M) {
	hostMap(m).SetInner(unsafe.Pointer(&i), unsafe.Pointer(inner))
}

// SetInnerHash stores inner under key in a hash of maps.
func SetInnerHash[K comparable, M bpf.Map](m *bpf.HashOfMaps[K, M], key K, inner *M) {
	hostMap(m).SetInner(unsafe.Pointer(&key), unsafe.Pointer(inner))
}

// RingRecords returns the records the program sent to a ring buffer since the last call.
func RingRecords[E any](m *bpf.RingBuf[E]) []E { return records[E](hostMap(m)) }

// PerfRecords returns the records the program sent to a perf event array since the last call.
func PerfRecords[E any](m *bpf.PerfEventArray[E]) []E { return records[E](hostMap(m)) }

func records[E any](m *hooks.HostMap) []E {
	var out []E
	for _, r := range m.Records(true) {
		var e E
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&e)), unsafe.Sizeof(e)), r)
		out = append(out, e)
	}
	return out
}

// Trace returns the lines bpf.Printk and bpf.TracePrintk wrote since the last call.
func Trace() []string { return hooks.TraceLines(true) }

// SetCPUs makes per-CPU maps have n CPUs (default 1) and programs run on cpu; call it before the
// program first uses a per-CPU map.
func SetCPUs(n, cpu uint32) {
	hooks.NumCPU, hooks.CPU = n, cpu
}

// PerCPU returns the value of key on every CPU of a per-CPU array.
func PerCPU[V any](m *bpf.PerCPUArray[V], i uint32) []V {
	var out []V
	for c := uint32(0); c < hooks.NumCPU; c++ {
		if v := m.LookupCPU(i, c); v != nil {
			out = append(out, *v)
		}
	}
	return out
}

// hostMap registers an SDK map the program may not have touched yet.
func hostMap(m bpf.Map) *hooks.HostMap {
	return hooks.MapOf(m)
}

// Logs returns the lines the log package wrote since the last call, as "LEVEL message".
func Logs() []string { return hooks.LogLines(true) }

var pinned []any

// Pin copies v to memory that stays put until Reset and returns it with its address, for
// contexts that carry addresses of user memory (a system call's pointer argument in a tracepoint
// context): the program's bpf.ReadUser then reads the test's value. (A Go stack variable's address
// is not stable: stacks move as they grow.)
func Pin[T any](v T) (*T, uint64) {
	p := new(T)
	*p = v
	pinned = append(pinned, p)
	return p, uint64(uintptr(unsafe.Pointer(p)))
}

// RawTracepoint returns a raw tracepoint context with these arguments (ctx.Arg(i)).
func RawTracepoint(args ...uint64) *bpf.RawTracepointArgs {
	ctx := new(bpf.RawTracepointArgs)
	copy((*[12]uint64)(unsafe.Pointer(ctx))[:], args)
	return ctx
}
