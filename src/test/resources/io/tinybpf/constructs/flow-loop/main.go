//go:build tinygo

// construct: bounded for loop over an array
// category: control flow
// program: prog syscall
// run: prog ctx=u32:3 => 18
package main

type args struct{ K uint32 }

var weights = [8]uint32{1, 2, 3, 4, 5, 6, 7, 8}

//export prog
func prog(ctx *args) int32 {
	s := uint32(0)
	for _, w := range weights {
		if w <= ctx.K {
			s += w * ctx.K
		}
	}
	return int32(s)
}

func main() {}
