// Package main dispatches XDP packets through a program array: dispatch tail-calls slot 0 and
// passes the packet only when the slot is empty.
package main

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
)

// jumpTable holds program file descriptors, filled by the loader.
var jumpTable = bpf.ProgArray{MaxEntries: 4}

//export dispatch
func dispatch(ctx *bpf.XdpMd) int32 {
	jumpTable.TailCall(unsafe.Pointer(ctx), 0)
	return bpf.XdpPass // reached only when slot 0 is empty
}

//export handle_drop
func handle_drop(ctx *bpf.XdpMd) int32 {
	return bpf.XdpDrop
}

func main() {}
