//go:build tinygo

// construct: a section name libbpf does not know
// category: programs
// program: prog xpd
// error: stage input-normalization: did you mean xdp
package main

import "unsafe"

//export prog
func prog(ctx unsafe.Pointer) int32 {
	return 2
}

func main() {}
