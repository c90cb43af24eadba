//go:build tinygo

// Signed division of two run-time values. Built with --cpu v4, LLVM emits the BPF sdiv
// instruction, which the verifier knows from Linux 6.6 on: 6.12 accepts the program, 6.1
// rejects it at the division's Go line. (--cpu v3 would call no such instruction.)
package main

type args struct {
	A int32
	B int32
	Q int32
}

//export divide
func divide(ctx *args) int32 {
	if ctx.B == 0 || ctx.B == -1 {
		return 0
	}
	ctx.Q = ctx.A / ctx.B
	return 1
}

func main() {}
