//go:build tinygo

// bench: IPv4 header checksum verification with bpf_csum_diff over packet memory
// covers: helpers (not inlined) on packet pointers
// program: csum xdp
// input: csum packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: csum packet=hex:ffffffffffff000000000001080045000028000000004011ffff0a0000010a0000020000000000000000
// input: csum packet=arp
package main

import "unsafe"

const (
	xdpDrop = 1
	xdpPass = 2
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

func bpfCsumDiff(from unsafe.Pointer, fromSize uint32, to unsafe.Pointer, toSize uint32, seed uint32) int64

//export csum
func csum(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+34 > end {
		return xdpPass
	}
	if *(*uint16)(unsafe.Pointer(data + 12)) != 0x0008 {
		return xdpPass
	}
	sum := uint64(bpfCsumDiff(nil, 0, unsafe.Pointer(data+14), 20, 0))
	sum = sum&0xffff + sum>>16
	sum = sum&0xffff + sum>>16
	if uint16(sum) != 0xffff {
		return xdpDrop
	}
	return xdpPass
}

func main() {}
