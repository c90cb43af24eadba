// Package main counts calls of a user-space function (a uprobe) and records the last call's
// first argument and caller pid.
package main

import "tinybpf.io/sdk/bpf"

type callStats struct {
	Calls   uint64
	LastArg uint64
	LastPid uint32
	_       uint32
}

var stats = bpf.Array[callStats]{MaxEntries: 1}

//export on_call
func on_call(regs *bpf.PtRegs) int32 {
	s := stats.Lookup(0)
	if s == nil {
		return 0
	}
	s.Calls++
	s.LastArg = regs.Arg(0)
	s.LastPid = bpf.CurrentTgid()
	return 0
}

func main() {}
