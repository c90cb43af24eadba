//go:build tinygo

package main

import "unsafe"

//export prog
func prog(ctx unsafe.Pointer) int32 {
	ratio := float64(uintptr(ctx)) * 1.5
	return int32(ratio)
}

func main() {}
