//go:build tinygo

// construct: a method call through an interface
// category: functions
// program: prog syscall
// run: prog ctx=u32:3 => 9
// run: prog ctx=u32:12 => 24
// note: TinyGo resolves the call to the types the program can hold
package main

type args struct{ X uint32 }

type shape interface{ area() uint32 }
type square struct{ s uint32 }
type rect struct{ w, h uint32 }

func (q square) area() uint32 { return q.s * q.s }
func (r rect) area() uint32   { return r.w * r.h }

//export prog
func prog(ctx *args) int32 {
	var s shape = square{ctx.X}
	if ctx.X > 10 {
		s = rect{ctx.X, 2}
	}
	return int32(s.area())
}

func main() {}
