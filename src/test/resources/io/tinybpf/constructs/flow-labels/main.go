//go:build tinygo

// construct: labeled break and continue
// category: control flow
// program: prog syscall
// run: prog ctx=u32:3 => 9
package main

type args struct{ N uint32 }

//export prog
func prog(ctx *args) int32 {
	c := int32(0)
outer:
	for i := uint32(0); i < 8; i++ {
		for j := uint32(0); j < 8; j++ {
			if j >= ctx.N {
				continue outer
			}
			if i >= ctx.N {
				break outer
			}
			c++
		}
	}
	return c
}

func main() {}
