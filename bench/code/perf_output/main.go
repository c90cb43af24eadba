//go:build tinygo

// bench: an event sent through a perf event array from XDP, with packet bytes appended
// covers: maps (perf event array)
// program: perf_output xdp
// input: perf_output packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: perf_output packet=arp
package main

import "unsafe"

const (
	mapTypePerfEventArray = 4
	bpfFCurrentCPU        = 0xffffffff
	xdpPass               = 2
	xdpDrop               = 1
)

type xdpMd struct {
	Data, DataEnd, DataMeta, IngressIfindex, RxQueueIndex, EgressIfindex uint32
}

type event struct {
	Len     uint32
	Ifindex uint32
}

var events struct {
	Type      *[mapTypePerfEventArray]int32
	KeySize   *[4]int32
	ValueSize *[4]int32
	Event     *event
}

func bpfPerfEventOutput(ctx, m unsafe.Pointer, flags uint64, data unsafe.Pointer, size uint64) int64

//export perf_output
func perf_output(ctx *xdpMd) int32 {
	length := ctx.DataEnd - ctx.Data
	ev := event{Len: length, Ifindex: ctx.IngressIfindex}
	// the upper 32 bits of the flags ask for that many packet bytes after the event
	flags := uint64(bpfFCurrentCPU) | uint64(length&0xff)<<32
	if bpfPerfEventOutput(unsafe.Pointer(ctx), unsafe.Pointer(&events), flags, unsafe.Pointer(&ev), uint64(unsafe.Sizeof(ev))) < 0 {
		return xdpDrop
	}
	return xdpPass
}

func main() {}
