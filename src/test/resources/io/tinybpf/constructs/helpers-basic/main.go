//go:build tinygo

// construct: helpers declared as body-less bpfXxx functions
// category: helpers
// program: prog syscall
// run: prog ctx=u32:0 => 1
package main

func bpfGetCurrentPidTgid() uint64
func bpfKtimeGetNs() uint64
func bpfGetPrandomU32() uint32

type args struct{ X uint32 }

//export prog
func prog(ctx *args) int32 {
	if bpfGetCurrentPidTgid()>>32 == 0 || bpfKtimeGetNs() == 0 {
		return -1
	}
	_ = bpfGetPrandomU32()
	return 1
}

func main() {}
