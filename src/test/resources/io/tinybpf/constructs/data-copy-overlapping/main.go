//go:build tinygo

// construct: copy within one array with a run-time length (the regions may overlap)
// category: data
// program: prog syscall
// error: main.go:19: copying a number of bytes known only at run time
package main

type args struct{ B [8]byte }

//export prog
func prog(ctx *args) int32 {
	buf := ctx.B
	n := int(buf[0])
	if n > 7 {
		return 0
	}
	// a shift by one: each byte moves onto the next, a forward byte loop would smear the first
	copy(buf[1:], buf[:n])
	return int32(buf[2])
}

func main() {}
