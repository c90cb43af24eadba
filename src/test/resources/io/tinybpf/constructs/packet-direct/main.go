//go:build tinygo

// construct: direct packet access behind a bounds check (XDP)
// category: packets
// program: prog xdp
// run: prog packet=udp 10.0.0.1:1 > 10.0.0.2:53 => 1
// run: prog packet=tcp 10.0.0.1:1 > 10.0.0.2:80 => 2
// run: prog packet=arp => 2
package main

import "unsafe"

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

//export prog
func prog(ctx *xdpMd) int32 {
	data := uintptr(ctx.Data)
	end := uintptr(ctx.DataEnd)
	if data+34 > end {
		return 2
	}
	eth := (*[14]byte)(unsafe.Pointer(data))
	if eth[12] != 0x08 || eth[13] != 0x00 {
		return 2
	}
	proto := *(*uint8)(unsafe.Pointer(data + 23))
	if proto == 17 {
		return 1
	}
	return 2
}

func main() {}
