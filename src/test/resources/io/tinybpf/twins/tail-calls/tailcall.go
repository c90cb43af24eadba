//go:build tinygo

// Package main shows tail calls: dispatch jumps to the program stored at index 0 of the jump
// table. If the slot is empty the tail call falls through and dispatch passes the packet; once
// userspace stores handle_drop there, packets are dropped.
package main

import "unsafe"

const (
	mapTypeProgArray = 3
	xdpDrop          = 1
	xdpPass          = 2
)

// jumpTable holds program file descriptors, filled by the loader.
var jumpTable struct {
	Type       *[mapTypeProgArray]int32
	MaxEntries *[4]int32
	KeySize    *[4]int32
	ValueSize  *[4]int32
}

func bpfTailCall(ctx unsafe.Pointer, progArray unsafe.Pointer, index uint32) int64

//export dispatch
func dispatch(ctx unsafe.Pointer) int32 {
	bpfTailCall(ctx, unsafe.Pointer(&jumpTable), 0)
	return xdpPass // reached only when slot 0 is empty
}

//export handle_drop
func handle_drop(ctx unsafe.Pointer) int32 {
	return xdpDrop
}

func main() {}
