//go:build tinygo

// bench: a bounded loop over packet bytes, each read behind a bounds check
// covers: loops over packet data
// program: pkt_loop xdp
// input: pkt_loop packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: pkt_loop packet=tcp 10.9.8.7:1 > 10.0.0.2:80
// input: pkt_loop packet=arp
// input: pkt_loop packet=hex:ffffffffffff0000000000010800ff
package main

import "unsafe"

const (
	xdpDrop = 1
	xdpPass = 2
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

//export pkt_loop
func pkt_loop(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	var sum uint32
	for i := uintptr(14); i < 46; i++ {
		if data+i+1 > end {
			break
		}
		sum += uint32(*(*uint8)(unsafe.Pointer(data + i)))
	}
	if sum&1 != 0 {
		return xdpDrop
	}
	return xdpPass
}

func main() {}
