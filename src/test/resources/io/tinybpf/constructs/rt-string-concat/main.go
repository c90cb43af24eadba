//go:build tinygo

// construct: string concatenation of run-time length
// category: runtime
// program: prog syscall
// error: main.go:16: string concatenation allocates memory whose size is known only at run time
package main

type args struct {
	B [4]byte
	N uint32
}

//export prog
func prog(ctx *args) int32 {
	s := "id=" + string(ctx.B[:ctx.N&3])
	return int32(len(s)) + int32(s[0])
}

func main() {}
