//go:build tinygo

// construct: loop whose result has a closed form (sum of i*3), bounded by a mask
// category: control flow
// program: prog syscall
// run: prog ctx=u64:5 => 30
// run: prog ctx=u64:64 => 0
// run: prog ctx=u64:63 => 5859
package main

type args struct{ N uint64 }

//export prog
func prog(ctx *args) int32 {
	var sum uint64
	n := ctx.N & 63
	for i := uint64(0); i < n; i++ {
		sum += i * 3
	}
	return int32(sum)
}

func main() {}
