//go:build tinygo

// construct: array equality
// category: data
// program: prog syscall
// run: prog ctx=u32:0x04030201 => 1
// run: prog ctx=u32:0x04030202 => 0
package main

type args struct{ B [4]byte }

//export prog
func prog(ctx *args) int32 {
	if ctx.B == [4]byte{1, 2, 3, 4} {
		return 1
	}
	return 0
}

func main() {}
