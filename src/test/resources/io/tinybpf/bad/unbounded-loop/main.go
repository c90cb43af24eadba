//go:build tinygo

// The Collatz loop has no bound the verifier can see: it gives up ("too complex").
package main

type args struct{ N uint64 }

//export prog
func prog(ctx *args) int32 {
	x := ctx.N
	for x != 1 {
		if x&1 == 0 {
			x /= 2
		} else {
			x = 3*x + 1
		}
	}
	return int32(x)
}
