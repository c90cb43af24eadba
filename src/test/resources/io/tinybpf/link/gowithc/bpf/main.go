//go:build tinygo

// A Go program calling C helpers linked in by tinybpf link: each program calls one helper.
package main

type args struct{ X uint32 }

// zero: .bss, whichever command builds it
var counter uint64

//export c_inlined
func cInlined(x uint32) uint32

//export c_noinline
func cNoinline(x uint32) uint32

//export c_read_checked
func cReadChecked(p *uint32) uint32

//export c_read_unchecked
func cReadUnchecked(p *uint32) uint32

//export c_via_static
func cViaStatic(x uint32) uint32

//export c_via_static_ptr
func cViaStaticPtr(p *uint32) uint32

//export go_inlined
func goInlined(ctx *args) int32 { return int32(cInlined(ctx.X)) }

//export go_noinline
func goNoinline(ctx *args) int32 {
	counter++
	return int32(cNoinline(ctx.X))
}

//export go_read_checked
func goReadChecked(ctx *args) int32 {
	v := ctx.X
	return int32(cReadChecked(&v))
}

//export go_read_unchecked
func goReadUnchecked(ctx *args) int32 {
	v := ctx.X
	return int32(cReadUnchecked(&v))
}

//export go_via_static
func goViaStatic(ctx *args) int32 { return int32(cViaStatic(ctx.X)) }

//export go_via_static_ptr
func goViaStaticPtr(ctx *args) int32 {
	v := ctx.X
	return int32(cViaStaticPtr(&v))
}

func main() {}
