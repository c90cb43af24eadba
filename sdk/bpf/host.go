//go:build !tinygo

package bpf

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"time"
	"unsafe"

	"tinybpf.io/sdk/internal/hooks"
)

// The host side (go build, go vet, gopls, go test): maps live in memory, contexts point at test
// packets, and helpers have host implementations (host<Name> below, found by the helper
// generator) that package bpftest can replace one by one.

// mapPtr registers the map variable with the host maps on first use.
func mapPtr[M Map](m *M) unsafe.Pointer {
	p := unsafe.Pointer(m)
	hooks.Register(p, func() hooks.MapSpec { return hostSpec((*m).spec()) })
	return p
}

func hostSpec(s mapSpec) hooks.MapSpec {
	return hooks.MapSpec{Type: uint32(s.typ), KeySize: s.keySize, ValueSize: s.valueSize, MaxEntries: s.maxEntries, Flags: s.flags}
}

func init() {
	// bpftest reaches a map it has as an interface value (a *HashMap[K, V] as bpf.Map) through this
	hooks.MapOf = func(m any) *hooks.HostMap {
		mm, ok := m.(Map)
		v := reflect.ValueOf(m)
		if !ok || v.Kind() != reflect.Pointer || v.IsNil() {
			panic("bpftest: want a pointer to an SDK map variable (e.g. &counts)")
		}
		return hooks.Register(v.UnsafePointer(), func() hooks.MapSpec { return hostSpec(mm.spec()) })
	}
}

func hostMap(p unsafe.Pointer) *hooks.HostMap {
	m := hooks.Lookup(p)
	if m == nil {
		panic("bpf: a map helper got a pointer that is not an SDK map variable")
	}
	return m
}

func packetOf(ctx unsafe.Pointer) Packet {
	b := hooks.PacketOf(ctx)
	if len(b) == 0 {
		return Packet{}
	}
	return Packet{data: unsafe.Pointer(&b[0]), end: uintptr(unsafe.Pointer(&b[0])) + uintptr(len(b))}
}

// Packet returns bounds-checked access to the packet (on the host: the one bpftest.XDP gave).
func (ctx *XdpMd) Packet() Packet { return packetOf(unsafe.Pointer(ctx)) }

// packetFits reports whether a packet access ending at last stays within the packet.
func packetFits(last, end uintptr) bool { return last <= end }

// Packet returns bounds-checked access to the packet (on the host: the one bpftest.Skb gave).
func (ctx *SkBuff) Packet() Packet { return packetOf(unsafe.Pointer(ctx)) }

// ------------------------------------------------------------------ maps

func hostMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer {
	return hostMap(m).LookupElem(key, hooks.CPU)
}

func hostMapLookupPercpuElem(m unsafe.Pointer, key unsafe.Pointer, cpu uint32) unsafe.Pointer {
	return hostMap(m).LookupElem(key, cpu)
}

func hostMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64 {
	return hostMap(m).UpdateElem(key, value, flags)
}

func hostMapDeleteElem(m unsafe.Pointer, key unsafe.Pointer) int64 {
	return hostMap(m).DeleteElem(key)
}

func hostMapPushElem(m unsafe.Pointer, value unsafe.Pointer, flags uint64) int64 {
	return hostMap(m).PushElem(value, flags)
}

func hostMapPopElem(m unsafe.Pointer, value unsafe.Pointer) int64 {
	return hostMap(m).PopElem(value, true)
}

func hostMapPeekElem(m unsafe.Pointer, value unsafe.Pointer) int64 {
	return hostMap(m).PopElem(value, false)
}

func hostRingbufOutput(ringbuf unsafe.Pointer, data unsafe.Pointer, size uint64, flags uint64) int64 {
	return hostMap(ringbuf).Output(data, size)
}

func hostRingbufReserve(ringbuf unsafe.Pointer, size uint64, flags uint64) unsafe.Pointer {
	return hostMap(ringbuf).Reserve(size)
}

func hostRingbufSubmit(data unsafe.Pointer, flags uint64) { hooks.Commit(data, true) }

func hostRingbufDiscard(data unsafe.Pointer, flags uint64) { hooks.Commit(data, false) }

func hostRingbufQuery(ringbuf unsafe.Pointer, flags uint64) uint64 {
	m := hostMap(ringbuf)
	switch flags {
	case RingBufRingSize:
		return uint64(m.Spec.MaxEntries)
	case RingBufAvailData:
		n := uint64(0)
		for _, r := range m.Records(false) {
			n += uint64(len(r)) + 8
		}
		return n
	}
	return 0
}

func hostPerfEventOutput(ctx unsafe.Pointer, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64 {
	return hostMap(m).Output(data, size)
}

func hostTailCall(ctx unsafe.Pointer, progArrayMap unsafe.Pointer, index uint32) int64 {
	prog := hostMap(progArrayMap).Prog(index)
	if prog == nil {
		return -hooks.ENOENT
	}
	hooks.TailCall(prog)
	return -hooks.E2BIG // past the tail call limit
}

// ------------------------------------------------------------------ tracing

func hostTracePrintk(fmt unsafe.Pointer, fmtSize uint32, arg1 uint64, arg2 uint64, arg3 uint64) int64 {
	line := hooks.Sprintf(cFormat(fmt, fmtSize), []uint64{arg1, arg2, arg3})
	hooks.Trace(line)
	return int64(len(line))
}

func hostTraceVprintk(fmt unsafe.Pointer, fmtSize uint32, data unsafe.Pointer, dataLen uint32) int64 {
	var args []uint64
	if dataLen > 0 {
		args = unsafe.Slice((*uint64)(data), dataLen/8)
	}
	line := hooks.Sprintf(cFormat(fmt, fmtSize), args)
	hooks.Trace(line)
	return int64(len(line))
}

// cFormat reads a NUL-terminated format of at most size bytes.
func cFormat(p unsafe.Pointer, size uint32) string {
	b := unsafe.Slice((*byte)(p), size)
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// ------------------------------------------------------------------ the current task

var start = time.Now()

func hostGetCurrentPidTgid() uint64 {
	pid := uint64(os.Getpid())
	return pid<<32 | pid
}

func hostGetCurrentUidGid() uint64 {
	return uint64(uint32(os.Getgid()))<<32 | uint64(uint32(os.Getuid()))
}

func hostGetCurrentComm(buf unsafe.Pointer, sizeOfBuf uint32) int64 {
	if sizeOfBuf == 0 {
		return -hooks.EINVAL
	}
	dst := unsafe.Slice((*byte)(buf), sizeOfBuf)
	clear(dst)
	name := filepath.Base(os.Args[0])
	if len(name) > 15 { // TASK_COMM_LEN - 1
		name = name[:15]
	}
	copy(dst[:sizeOfBuf-1], name)
	return 0
}

// hostGetCurrentTask returns 0: there is no kernel task on the host. A test that follows the
// task with CO-RE types sets bpftest.Helpers.GetCurrentTask to the address of its own struct.
func hostGetCurrentTask() uint64 { return 0 }

func hostGetSmpProcessorId() uint32 { return hooks.CPU }

func hostGetNumaNodeId() int64 { return 0 }

func hostGetPrandomU32() uint32 { return rand.Uint32() }

func hostKtimeGetNs() uint64 { return uint64(time.Since(start)) }

func hostKtimeGetBootNs() uint64 { return uint64(time.Since(start)) }

func hostKtimeGetCoarseNs() uint64 { return uint64(time.Since(start)) }

func hostKtimeGetTaiNs() uint64 { return uint64(time.Now().UnixNano()) }

func hostJiffies64() uint64 { return uint64(time.Since(start) / (4 * time.Millisecond)) }

// ------------------------------------------------------------------ memory

// Probe reads copy host memory: on the host, "kernel" and "user" pointers are the test's own
// values. Addresses in the first page fault, as a nil kernel pointer would.
func probeRead(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64 {
	d := unsafe.Slice((*byte)(dst), size)
	if uintptr(src) < 4096 {
		clear(d)
		return -hooks.EFAULT
	}
	copy(d, unsafe.Slice((*byte)(src), size))
	return 0
}

func probeReadStr(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64 {
	if size == 0 {
		return -hooks.EINVAL
	}
	d := unsafe.Slice((*byte)(dst), size)
	if uintptr(src) < 4096 {
		clear(d)
		return -hooks.EFAULT
	}
	for i := uint32(0); i < size-1; i++ {
		c := *(*byte)(unsafe.Add(src, i))
		d[i] = c
		if c == 0 {
			return int64(i + 1)
		}
	}
	d[size-1] = 0
	return int64(size)
}

func hostProbeRead(dst unsafe.Pointer, size uint32, unsafePtr unsafe.Pointer) int64 {
	return probeRead(dst, size, unsafePtr)
}

func hostProbeReadKernel(dst unsafe.Pointer, size uint32, unsafePtr unsafe.Pointer) int64 {
	return probeRead(dst, size, unsafePtr)
}

func hostProbeReadUser(dst unsafe.Pointer, size uint32, unsafePtr unsafe.Pointer) int64 {
	return probeRead(dst, size, unsafePtr)
}

func hostProbeReadStr(dst unsafe.Pointer, size uint32, unsafePtr unsafe.Pointer) int64 {
	return probeReadStr(dst, size, unsafePtr)
}

func hostProbeReadKernelStr(dst unsafe.Pointer, size uint32, unsafePtr unsafe.Pointer) int64 {
	return probeReadStr(dst, size, unsafePtr)
}

func hostProbeReadUserStr(dst unsafe.Pointer, size uint32, unsafePtr unsafe.Pointer) int64 {
	return probeReadStr(dst, size, unsafePtr)
}

// ------------------------------------------------------------------ packets

// loadBytes copies from the packet behind ctx (the MAC header is offset 0).
func loadBytes(ctx unsafe.Pointer, offset uint32, to unsafe.Pointer, length uint32) int64 {
	pkt := hooks.PacketOf(ctx)
	if uint64(offset)+uint64(length) > uint64(len(pkt)) || length == 0 {
		return -hooks.EFAULT
	}
	copy(unsafe.Slice((*byte)(to), length), pkt[offset:])
	return 0
}

func hostSkbLoadBytes(skb unsafe.Pointer, offset uint32, to unsafe.Pointer, length uint32) int64 {
	return loadBytes(skb, offset, to, length)
}

func hostSkbLoadBytesRelative(skb unsafe.Pointer, offset uint32, to unsafe.Pointer, length uint32, startHeader uint32) int64 {
	switch startHeader {
	case HdrStartMac:
		return loadBytes(skb, offset, to, length)
	case HdrStartNet:
		return loadBytes(skb, offset+EthHdrLen, to, length) // host packets are Ethernet frames
	}
	return -hooks.EINVAL
}

func hostXdpLoadBytes(xdpMd unsafe.Pointer, offset uint32, buf unsafe.Pointer, length uint32) int64 {
	return loadBytes(xdpMd, offset, buf, length)
}

func hostXdpGetBuffLen(xdpMd unsafe.Pointer) uint64 { return uint64(len(hooks.PacketOf(xdpMd))) }

// addrPtr is an address as a pointer; on the host addresses are the test's own values (the
// conversion through memory keeps go vet's unsafeptr check, meant for Go pointers, quiet).
func addrPtr(a uint64) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&a)) }

// Printk writes a line to the kernel's trace buffer (bpf_trace_printk, or bpf_trace_vprintk for
// more than three arguments): read it with tinybpf run, bpftool prog tracelog or
// /sys/kernel/tracing/trace_pipe. It is for debugging: the kernel formats the line on every
// call and warns at load that it is not for production use; for data use a RingBuf, for
// messages package log.
//
// The format must be a constant Go format; tinybpf checks its verbs against the arguments at
// build time (and go vet does on the host) and translates them to the kernel's printf: %d %v
// %x %X %c for integers of any size, %t for bools, %p for pointers, %s for a NUL-terminated
// [N]byte or []byte. Flags 0 - + and space and widths are allowed; precision is not. At most 12
// arguments.
//
// On the host (go test) the line is formatted with fmt and collected: bpftest.Trace().
func Printk(format string, args ...any) { hooks.Trace(fmt.Sprintf(format, args...)) }
