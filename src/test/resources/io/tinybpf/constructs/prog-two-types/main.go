//go:build tinygo

// construct: two program types in one object (XDP and socket filter)
// category: programs
// program: xdp_prog xdp
// program: sock_prog socket
// run: xdp_prog packet=arp => 2
// run: sock_prog packet=arp => 0
package main

import "unsafe"

//export xdp_prog
func xdp_prog(ctx unsafe.Pointer) int32 {
	return 2
}

//export sock_prog
func sock_prog(ctx unsafe.Pointer) int32 {
	return 0
}

func main() {}
