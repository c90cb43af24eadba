//go:build tinygo

// construct: a table the program writes beside one it only reads
// category: data
// program: prog syscall
// run: prog ctx=u32:1 => 22
// run: prog ctx=u32:1 => 42
// run: prog ctx=u32:6 => 33
package main

type args struct{ X uint32 }

// written below: stays a variable in .data, each run sees the last one's writes
var hist = [4]uint32{1, 2, 3, 4}

// only read: a constant in .rodata, reads folded where the index is known
var scale = [4]uint32{10, 20, 30, 40}

//export prog
func prog(ctx *args) int32 {
	i := ctx.X & 3
	hist[i] += scale[i]
	return int32(hist[i])
}

func main() {}
