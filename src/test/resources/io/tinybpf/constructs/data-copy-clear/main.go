//go:build tinygo

// construct: copy and clear on arrays and slices of them
// category: data
// program: prog syscall
// run: prog ctx=u8:7 => 32
package main

type args struct{ X uint8 }

//export prog
func prog(ctx *args) int32 {
	var a, b [8]byte
	for i := range a {
		a[i] = ctx.X
	}
	n := copy(b[2:], a[:4])
	clear(a[:])
	s := int32(n)
	for _, v := range b {
		s += int32(v)
	}
	for _, v := range a {
		s += int32(v)
	}
	return s
}

func main() {}
