// Package main counts do_unlinkat calls and failures per process with a kprobe and a kretprobe
// sharing one map and one Go helper function.
package main

import "tinybpf.io/sdk/bpf"

type unlinkStats struct {
	Calls    uint64
	Failures uint64
}

// perPid: tgid → unlink statistics.
var perPid = bpf.HashMap[uint32, unlinkStats]{MaxEntries: 1024}

func stats(create bool) *unlinkStats {
	tgid := bpf.CurrentTgid()
	if s := perPid.Lookup(&tgid); s != nil || !create {
		return s
	}
	var zero unlinkStats
	perPid.Update(&tgid, &zero, bpf.Any)
	return perPid.Lookup(&tgid)
}

//export unlink_enter
func unlink_enter(regs *bpf.PtRegs) int32 {
	if s := stats(true); s != nil {
		s.Calls++
	}
	return 0
}

//export unlink_exit
func unlink_exit(regs *bpf.PtRegs) int32 {
	// do_unlinkat returns an int: only the low 32 bits of rax are the return value (the upper
	// half is not sign-extended), so an error is a negative int32, not a negative int64
	if int32(regs.Ret()) < 0 {
		if s := stats(false); s != nil {
			s.Failures++
		}
	}
	return 0
}

func main() {}
