//go:build tinygo

// bench: package variables in .data and .bss: a counter, a running total, a last-seen record
// covers: globals
// program: globals syscall
// input: globals ctx=u32:5
// input: globals ctx=u32:7
// input: globals ctx=u32:1000
package main

type record struct {
	Value, Calls uint32
}

var (
	calls   uint32
	total   uint64 = 100
	last    record
	limit   uint32 = 500
	dropped uint32
)

type args struct{ X uint32 }

//export globals
func globals(ctx *args) int32 {
	calls++
	if ctx.X > limit {
		dropped++
		return -int32(dropped)
	}
	total += uint64(ctx.X)
	last = record{Value: ctx.X, Calls: calls}
	return int32(total) + int32(last.Calls)
}

func main() {}
