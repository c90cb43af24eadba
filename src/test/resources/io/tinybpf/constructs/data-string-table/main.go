//go:build tinygo

// construct: a table of strings indexed at run time
// category: data
// program: prog syscall
// error: main.go:11: holds pointers
package main

type args struct{ I uint32 }

var names = [4]string{"zero", "one", "two", "three"}

//export prog
func prog(ctx *args) int32 {
	return int32(len(names[ctx.I&3])) + int32(names[ctx.I&3][0])
}

func main() {}
