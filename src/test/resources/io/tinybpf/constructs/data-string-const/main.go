//go:build tinygo

// construct: indexing a constant string
// category: data
// program: prog syscall
// run: prog ctx=u32:1 => 98
package main

type args struct{ I uint32 }

const letters = "abcdefgh"

//export prog
func prog(ctx *args) int32 {
	return int32(letters[ctx.I&7])
}

func main() {}
