//go:build tinygo

// construct: range over an integer (Go 1.22)
// category: control flow
// program: prog syscall
// run: prog ctx=u32:10 => 45
package main

type args struct{ N uint32 }

//export prog
func prog(ctx *args) int32 {
	s := int32(0)
	for i := range min(ctx.N, 64) {
		s += int32(i)
	}
	return s
}

func main() {}
