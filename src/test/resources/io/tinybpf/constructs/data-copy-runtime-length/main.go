//go:build tinygo

// construct: copy with a run-time length, string(b[lo:hi]) of a local array
// category: data
// program: prog syscall
// run: prog ctx=0x0361626300000000 => 1
// run: prog ctx=0x0361626400000000 => 2
// run: prog ctx=0x0900000000000000 => 0
package main

type args struct{ B [8]byte }

//export prog
func prog(ctx *args) int32 {
	buf := ctx.B
	n := int(buf[0])
	if n > 7 {
		return 0
	}
	var out [7]byte
	copy(out[:], buf[1:1+n])
	if string(buf[1:1+n]) == "abc" && out[2] == 'c' {
		return 1
	}
	return 2
}

func main() {}
