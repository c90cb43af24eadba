//go:build tinygo

// construct: unsafe.Add over a local buffer
// category: data
// program: prog syscall
// run: prog ctx=u32:3 => 6
// run: prog ctx=u32:9 => -1
// note: index behind a bounds check; a masked index (i&3) of a local array can compile to a pointer OR that the verifier refuses (an LLVM limitation)
package main

import "unsafe"

type args struct{ I uint32 }

//export prog
func prog(ctx *args) int32 {
	buf := [8]uint8{0, 1, 2, 3, 4, 5, 6, 7}
	i := uintptr(ctx.I)
	if i >= 8 {
		return -1
	}
	p := unsafe.Pointer(&buf[0])
	v := *(*uint8)(unsafe.Add(p, i)) + *(*uint8)(unsafe.Add(p, 3))
	return int32(v)
}

func main() {}
