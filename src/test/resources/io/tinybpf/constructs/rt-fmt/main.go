//go:build tinygo

// construct: fmt.Println (needs the Go runtime)
// category: runtime
// program: prog syscall
// error: main.go:15: fmt
package main

import "fmt"

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	fmt.Println("x =", ctx.X)
	return 0
}

func main() {}
