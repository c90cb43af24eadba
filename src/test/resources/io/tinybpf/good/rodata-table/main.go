//go:build tinygo

// A loader-set constant beside a read-only table: both go to .rodata, which must be one section
// (a 16-byte table once became a mergeable second .rodata, and setting threshold wrote the table).
package main

//go:extern threshold
var threshold uint32

var table = [4]uint32{10, 20, 30, 40}

type args struct {
	X uint32
}

//export lookup
func lookup(ctx *args) int32 {
	if ctx.X > threshold {
		return 0
	}
	return int32(table[ctx.X&3] + ctx.X + 7)
}

func main() {}
