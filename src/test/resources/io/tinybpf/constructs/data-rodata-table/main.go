//go:build tinygo

// construct: a read-only lookup table
// category: data
// program: prog syscall
// run: prog ctx=u32:3 => 40
package main

type args struct{ I uint32 }

var table = [4]uint32{10, 20, 30, 40}

//export prog
func prog(ctx *args) int32 {
	return int32(table[ctx.I&3])
}

func main() {}
