//go:build tinygo

// construct: a channel
// category: runtime
// program: prog syscall
// error: main.go:15: a channel operation
package main

type args struct{ X uint32 }

var queue = make(chan uint32, 4)

//export prog
func prog(ctx *args) int32 {
	queue <- ctx.X
	return int32(len(queue))
}

func main() {}
