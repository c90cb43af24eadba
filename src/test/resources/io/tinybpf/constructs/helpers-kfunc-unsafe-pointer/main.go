//go:build tinygo

// construct: a kfunc declared with unsafe.Pointer (the original tool's style)
// category: helpers
// program: prog syscall
// run: prog ctx=i32:pid => 1
// run: prog ctx=u32:4000000 => 0
// note: the pointer types libbpf checks come from the kernel's BTF at build time
package main

import "unsafe"

func bpfKfuncBpfTaskFromPid(pid int32) unsafe.Pointer
func bpfKfuncBpfTaskRelease(task unsafe.Pointer)

type args struct{ Pid int32 }

//export prog
func prog(ctx *args) int32 {
	task := bpfKfuncBpfTaskFromPid(ctx.Pid)
	if task == nil {
		return 0
	}
	bpfKfuncBpfTaskRelease(task)
	return 1
}

func main() {}
