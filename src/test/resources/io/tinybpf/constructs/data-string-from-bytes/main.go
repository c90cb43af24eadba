//go:build tinygo

// construct: string(b[:n]) == "..." on a local array (a comm filter)
// category: data
// program: prog syscall
// run: prog ctx=0x0361626300000000 => 1
// run: prog ctx=0x0361626400000000 => 2
// run: prog ctx=0x0261620000000000 => 2
package main

type args struct{ B [8]byte }

//export prog
func prog(ctx *args) int32 {
	var name [7]byte
	copy(name[:], ctx.B[1:])
	n := int(ctx.B[0])
	if n > len(name) {
		return 0
	}
	if string(name[:n]) == "abc" {
		return 1
	}
	return 2
}

func main() {}
