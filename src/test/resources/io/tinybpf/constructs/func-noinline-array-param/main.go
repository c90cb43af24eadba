//go:build tinygo

// construct: a non-inlined function taking a [32]byte by value
// category: functions
// program: prog syscall
// run: prog ctx=u8:3 => 96
package main

type args struct{ X uint8 }

//go:noinline
func total(b [32]byte) uint32 {
	s := uint32(0)
	for _, v := range b {
		s += uint32(v)
	}
	return s
}

//export prog
func prog(ctx *args) int32 {
	var b [32]byte
	for i := range b {
		b[i] = ctx.X
	}
	return int32(total(b))
}

func main() {}
