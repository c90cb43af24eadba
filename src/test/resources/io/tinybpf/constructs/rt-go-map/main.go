//go:build tinygo

// construct: a Go map
// category: runtime
// program: prog syscall
// error: main.go:15: a Go map
package main

type args struct{ X uint32 }

var seen = map[uint32]bool{}

//export prog
func prog(ctx *args) int32 {
	seen[ctx.X] = true
	return int32(len(seen))
}

func main() {}
