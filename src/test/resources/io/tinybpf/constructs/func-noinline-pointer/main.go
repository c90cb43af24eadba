//go:build tinygo

// construct: a non-inlined function writing through a pointer
// category: functions
// program: prog syscall
// run: prog ctx=u32:4 => 16
package main

type args struct{ X uint32 }

//go:noinline
func square(p *uint32) {
	*p = *p * *p
}

//export prog
func prog(ctx *args) int32 {
	v := ctx.X
	square(&v)
	return int32(v)
}

func main() {}
