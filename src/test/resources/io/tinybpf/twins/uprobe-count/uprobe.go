//go:build tinygo

// Package main is a uprobe: attached to a function of a user-space binary, it counts the calls
// and records the first argument of the latest one (x86-64 passes it in rdi).
package main

import "unsafe"

const mapTypeArray = 2

// ptRegs is the probe's context on x86-64 (struct pt_regs).
type ptRegs struct {
	R15, R14, R13, R12, Bp, Bx, R11, R10, R9, R8 uint64
	Ax, Cx, Dx, Si, Di, OrigAx, Ip, Cs, Flags   uint64
	Sp, Ss                                      uint64
}

type callStats struct {
	Calls   uint64
	LastArg uint64
	LastPid uint32
	_       uint32
}

var stats struct {
	Type       *[mapTypeArray]int32
	MaxEntries *[1]int32
	Key        *uint32
	Value      *callStats
}

func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfGetCurrentPidTgid() uint64

//export on_call
func on_call(regs *ptRegs) int32 {
	var key uint32
	s := (*callStats)(bpfMapLookupElem(unsafe.Pointer(&stats), unsafe.Pointer(&key)))
	if s == nil {
		return 0
	}
	s.Calls++
	s.LastArg = regs.Di
	s.LastPid = uint32(bpfGetCurrentPidTgid() >> 32)
	return 0
}

func main() {}
