//go:build tinygo

// construct: defer
// category: functions
// program: prog syscall
// error: main.go:20: defer
package main

type args struct{ X uint32 }

var hits uint32

func bump() { hits++ }

//export prog
func prog(ctx *args) int32 {
	if ctx.X == 0 {
		return 0
	}
	defer bump()
	return 1
}

func main() {}
