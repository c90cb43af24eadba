//go:build tinygo

// construct: a loop over packet bytes with unsafe.Add
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
	data := unsafe.Pointer(uintptr(ctx.Data))
	end := unsafe.Pointer(uintptr(ctx.DataEnd))
	sum := uint32(0)
	for i := 0; i < 64; i++ {
		p := unsafe.Add(data, i)
		if uintptr(unsafe.Add(p, 1)) > uintptr(end) {
			break
		}
		sum += uint32(*(*uint8)(p))
	}
	if sum == 0 {
		return 1
	}
	return 2
}

func main() {}
