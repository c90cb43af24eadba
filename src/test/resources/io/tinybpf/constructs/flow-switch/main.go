//go:build tinygo

// construct: switch on values, with fallthrough
// category: control flow
// program: prog syscall
// run: prog ctx=u32:1 => 10
// run: prog ctx=u32:2 => 30
// run: prog ctx=u32:9 => -1
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	r := int32(0)
	switch ctx.X {
	case 1:
		r = 10
	case 2:
		r = 10
		fallthrough
	case 3:
		r += 20
	default:
		r = -1
	}
	return r
}

func main() {}
