//go:build tinygo

// construct: bpf_skb_load_bytes in a socket filter
// note: a socket filter's offsets start at the network header
// category: packets
// program: prog socket
// run: prog packet=udp 10.0.0.1:1 > 10.0.0.2:53 => 0
// run: prog packet=tcp 10.0.0.1:1 > 10.0.0.2:80 => 65535
package main

import "unsafe"

func bpfSkbLoadBytes(skb unsafe.Pointer, offset uint32, to unsafe.Pointer, length uint32) int64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	var proto uint8
	if bpfSkbLoadBytes(ctx, 9, unsafe.Pointer(&proto), 1) != 0 {
		return 0
	}
	if proto == 17 {
		return 0
	}
	return 0xffff
}

func main() {}
