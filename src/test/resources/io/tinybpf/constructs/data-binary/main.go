//go:build tinygo

// construct: encoding/binary on a byte array
// category: data
// program: prog syscall
// run: prog ctx=u32:0x34120000 => 4660
package main

import "encoding/binary"

type args struct{ B [4]byte }

//export prog
func prog(ctx *args) int32 {
	be := binary.BigEndian.Uint16(ctx.B[2:])
	le := binary.LittleEndian.Uint16(ctx.B[2:])
	if le != 0x3412 {
		return -1
	}
	return int32(be)
}

func main() {}
