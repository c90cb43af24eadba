//go:build tinygo

// bench: tail calls: dispatch on the IP protocol through a program array
// covers: tail calls, maps (program array)
// program: tail_dispatch xdp
// program: tail_udp xdp
// program: tail_tcp xdp
// prog-array: jumps 17=tail_udp 6=tail_tcp
// input: tail_dispatch packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: tail_dispatch packet=tcp 10.0.0.1:1000 > 10.0.0.2:80
// input: tail_dispatch packet=tcp 10.0.0.1:1000 > 10.0.0.2:81
// input: tail_dispatch packet=icmp 10.0.0.1 > 10.0.0.2
// input: tail_dispatch packet=arp
// input: tail_udp packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: tail_tcp packet=tcp 10.0.0.1:1000 > 10.0.0.2:80
package main

import "unsafe"

const (
	mapTypeProgArray = 3
	xdpDrop          = 1
	xdpPass          = 2
	xdpTx            = 3
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

var jumps struct {
	Type       *[mapTypeProgArray]int32
	MaxEntries *[32]int32
	KeySize    *[4]int32
	ValueSize  *[4]int32
}

func bpfTailCall(ctx, progs unsafe.Pointer, index uint32) int64

//export tail_dispatch
func tail_dispatch(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+34 > end {
		return xdpPass
	}
	if *(*uint16)(unsafe.Pointer(data + 12)) != 0x0008 {
		return xdpPass
	}
	proto := *(*uint8)(unsafe.Pointer(data + 23))
	bpfTailCall(unsafe.Pointer(ctx), unsafe.Pointer(&jumps), uint32(proto))
	return xdpPass
}

//export tail_udp
func tail_udp(ctx *xdpMd) int32 {
	return xdpDrop
}

//export tail_tcp
func tail_tcp(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+38 > end {
		return xdpPass
	}
	if *(*uint16)(unsafe.Pointer(data + 36)) == 0x5000 {
		return xdpTx
	}
	return xdpDrop
}

func main() {}
