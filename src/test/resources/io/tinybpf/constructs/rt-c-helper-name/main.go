//go:build tinygo

// construct: a helper declared with its C name (bpf_get_current_pid_tgid)
// category: helpers
// program: prog syscall
// error: main.go:15: bpfGetCurrentPidTgid
package main

type args struct{ X uint32 }

func bpf_get_current_pid_tgid() uint64

//export prog
func prog(ctx *args) int32 {
	return int32(bpf_get_current_pid_tgid() >> 32)
}

func main() {}
