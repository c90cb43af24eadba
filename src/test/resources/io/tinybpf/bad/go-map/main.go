//go:build tinygo

package main

import "unsafe"

//export prog
func prog(ctx unsafe.Pointer) int32 {
	seen := map[uint32]uint32{}
	seen[uint32(uintptr(ctx))]++
	return int32(len(seen))
}

func main() {}
