//go:build tinygo

package bpf

import "unsafe"

// The kernel side of what differs between the BPF build (TinyGo) and the host build (go test).

// mapPtr is the map argument of a helper call: the address of the map variable, which libbpf
// relocates to the map at load time.
func mapPtr[M Map](m *M) unsafe.Pointer { return unsafe.Pointer(m) }

// Packet returns bounds-checked access to the packet.
func (ctx *XdpMd) Packet() Packet {
	return Packet{data: unsafe.Pointer(uintptr(ctx.Data)), end: uintptr(ctx.DataEnd)}
}

// Packet returns bounds-checked access to the packet (tc and cgroup skb programs; socket
// filters have no direct packet access and use SkbLoadBytes).
func (ctx *SkBuff) Packet() Packet {
	return Packet{data: unsafe.Pointer(uintptr(ctx.Data)), end: uintptr(ctx.DataEnd)}
}

// packetFits reports whether a packet access ending at last stays within the packet (last <=
// end). tinybpf compiles each call to that comparison in the form the verifier learns packet
// bounds from, which the optimizer cannot rewrite (x+1 <= end would otherwise become x < end).
func packetFits(last, end uintptr) bool

// addrPtr is an address of kernel or user memory as a helper's pointer argument.
func addrPtr(a uint64) unsafe.Pointer { return unsafe.Pointer(uintptr(a)) }

// Printk writes a line to the kernel's trace buffer; tinybpf checks and rewrites each call (the
// documentation is on the host declaration, which editors show).
func Printk(format string, args ...any)
