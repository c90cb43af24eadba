//go:build tinygo

// construct: goto
// category: control flow
// program: prog syscall
// run: prog ctx=u32:0 => 7
// run: prog ctx=u32:1 => 1
package main

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	if ctx.X != 0 {
		goto done
	}
	return 7
done:
	return 1
}

func main() {}
