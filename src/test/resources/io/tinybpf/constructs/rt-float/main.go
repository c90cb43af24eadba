//go:build tinygo

// construct: floating-point arithmetic
// category: runtime
// program: prog syscall
// error: main.go:13: floating-point
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	f := float64(ctx.X) * 1.5
	return int32(f)
}

func main() {}
