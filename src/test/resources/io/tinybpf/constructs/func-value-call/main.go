//go:build tinygo

// construct: calling a function value chosen at run time
// category: functions
// program: prog syscall
// error: main.go:22: indirect call
package main

type args struct{ X uint32 }

func one() uint32 { return 1 }
func two() uint32 { return 2 }

var table = [2]func() uint32{one, two}

//export prog
func prog(ctx *args) int32 {
	f := table[ctx.X&1]
	if f == nil {
		return 0
	}
	return int32(f())
}

func main() {}
