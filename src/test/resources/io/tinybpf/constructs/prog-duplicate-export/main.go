//go:build tinygo

// construct: two functions exported under one name
// category: programs
// program: prog syscall
// error: main.go:16: prog
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	return 1
}

//export prog
func prog2(ctx *args) int32 {
	return 2
}

func main() {}
