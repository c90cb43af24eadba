//go:build tinygo

// construct: a loop over packet bytes with uintptr bounds checks
// category: packets
// program: prog xdp
// run: prog packet=udp 10.0.0.1:1 > 10.0.0.2:53 => 2
package main

import "unsafe"

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

//export prog
func prog(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	sum := uint32(0)
	for i := uintptr(0); i < 64; i++ {
		p := data + i
		if p+1 > end {
			break
		}
		sum += uint32(*(*uint8)(unsafe.Pointer(p)))
	}
	if sum == 0 {
		return 1
	}
	return 2
}

func main() {}
