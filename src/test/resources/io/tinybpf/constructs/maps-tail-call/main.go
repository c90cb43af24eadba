//go:build tinygo

// construct: a tail call through a program array (empty slot falls through)
// category: maps
// program: dispatch xdp
// program: target xdp
// run: dispatch packet=udp 10.0.0.1:1 > 10.0.0.2:53 => 2
package main

import "unsafe"

func bpfTailCall(ctx, progs unsafe.Pointer, index uint32) int64

var jumps struct {
	Type       *[3]int32
	MaxEntries *[4]int32
	KeySize    *[4]int32
	ValueSize  *[4]int32
}

//export dispatch
func dispatch(ctx unsafe.Pointer) int32 {
	bpfTailCall(ctx, unsafe.Pointer(&jumps), 0)
	return 2
}

//export target
func target(ctx unsafe.Pointer) int32 {
	return 1
}

func main() {}
