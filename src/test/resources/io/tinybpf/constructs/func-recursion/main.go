//go:build tinygo

// construct: recursion
// category: functions
// program: prog syscall
// error: main.go:16: recursion
package main

type args struct{ X uint32 }

//go:noinline
func fact(n uint32) uint32 {
	if n <= 1 {
		return 1
	}
	return n * fact(n-1)
}

//export prog
func prog(ctx *args) int32 {
	return int32(fact(ctx.X))
}

func main() {}
