//go:build tinygo

// construct: string concatenation of constant length
// category: data
// program: prog syscall
// run: prog ctx=u32:0x64636261 => 102
// note: the result has a constant size, so it lives on the stack
package main

type args struct{ B [4]byte }

//export prog
func prog(ctx *args) int32 {
	s := "x" + string(ctx.B[:])
	return int32(len(s)) + int32(s[4]) + int32(s[1]) - 100
}

func main() {}
