//go:build tinygo

// A program for any tracepoint: the tests give it sections whose target the kernel may lack.
package main

import "unsafe"

//export prog
func prog(ctx unsafe.Pointer) int32 {
	return 0
}
