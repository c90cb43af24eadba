//go:build tinygo

// construct: a goroutine
// category: runtime
// program: prog syscall
// error: main.go:15: goroutine
package main

type args struct{ X uint32 }

var v uint32

//export prog
func prog(ctx *args) int32 {
	go func() { v = ctx.X }()
	return 0
}

func main() {}
