//go:build tinygo

// construct: switch with conditions
// category: control flow
// program: prog syscall
// run: prog ctx=i32:-5 => -1
// run: prog ctx=i32:0 => 0
// run: prog ctx=i32:50 => 1
package main

type args struct{ X int32 }

//export prog
func prog(ctx *args) int32 {
	switch {
	case ctx.X < 0:
		return -1
	case ctx.X == 0:
		return 0
	}
	return 1
}

func main() {}
