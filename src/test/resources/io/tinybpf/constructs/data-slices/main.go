//go:build tinygo

// construct: slices of a local array (len, cap, index)
// category: data
// program: prog syscall
// run: prog ctx=u32:2 => 25
package main

type args struct{ I uint32 }

//export prog
func prog(ctx *args) int32 {
	arr := [6]uint32{1, 2, 3, 4, 5, 6}
	s := arr[1:4]
	i := ctx.I
	if i >= uint32(len(s)) {
		return -1
	}
	return int32(s[i]*5 + uint32(cap(s)) + uint32(len(s)) - 3)
}

func main() {}
