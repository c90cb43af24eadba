//go:build tinygo

// Package main pairs a kprobe and a kretprobe on do_unlinkat in one object: the entry probe
// counts calls per process, the return probe counts failures (negative return values). Two
// program types in one object are fine; each program's section names its type.
package main

import "unsafe"

const mapTypeHash = 1

type ptRegs struct {
	R15, R14, R13, R12, Bp, Bx, R11, R10, R9, R8 uint64
	Ax, Cx, Dx, Si, Di, OrigAx, Ip, Cs, Flags   uint64
	Sp, Ss                                      uint64
}

type unlinkStats struct {
	Calls    uint64
	Failures uint64
}

// perPid: tgid → unlink statistics.
var perPid struct {
	Type       *[mapTypeHash]int32
	MaxEntries *[1024]int32
	Key        *uint32
	Value      *unlinkStats
}

func bpfGetCurrentPidTgid() uint64
func bpfMapLookupElem(m unsafe.Pointer, key unsafe.Pointer) unsafe.Pointer
func bpfMapUpdateElem(m unsafe.Pointer, key unsafe.Pointer, value unsafe.Pointer, flags uint64) int64

func stats(create bool) *unlinkStats {
	tgid := uint32(bpfGetCurrentPidTgid() >> 32)
	if s := (*unlinkStats)(bpfMapLookupElem(unsafe.Pointer(&perPid), unsafe.Pointer(&tgid))); s != nil || !create {
		return s
	}
	var zero unlinkStats
	bpfMapUpdateElem(unsafe.Pointer(&perPid), unsafe.Pointer(&tgid), unsafe.Pointer(&zero), 0)
	return (*unlinkStats)(bpfMapLookupElem(unsafe.Pointer(&perPid), unsafe.Pointer(&tgid)))
}

//export unlink_enter
func unlink_enter(regs *ptRegs) int32 {
	if s := stats(true); s != nil {
		s.Calls++
	}
	return 0
}

//export unlink_exit
func unlink_exit(regs *ptRegs) int32 {
	// do_unlinkat returns an int: its error is a negative int32 in the low half of rax
	if int32(regs.Ax) < 0 {
		if s := stats(false); s != nil {
			s.Failures++
		}
	}
	return 0
}

func main() {}
