//go:build tinygo

package main

import "unsafe"

// TinyGo dispatches interface methods with a type switch over the (closed) set of types the
// program uses, so an interface method call needs no runtime and compiles to BPF.
type shape interface{ area() int32 }

type square struct{ side int32 }
type rect struct{ w, h int32 }

func (s square) area() int32 { return s.side * s.side }
func (r rect) area() int32   { return r.w * r.h }

func bpfProbeReadKernel(dst unsafe.Pointer, size uint32, src unsafe.Pointer) int64

//export prog
func prog(ctx unsafe.Pointer) int32 {
	var sel uint32
	bpfProbeReadKernel(unsafe.Pointer(&sel), 4, ctx)
	var s shape = square{side: 2}
	if sel&1 == 1 {
		s = rect{w: 2, h: 3}
	}
	return s.area()
}

func main() {}
