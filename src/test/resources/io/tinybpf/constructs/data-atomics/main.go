//go:build tinygo

// construct: sync/atomic on a package variable
// category: data
// program: prog syscall
// run: prog ctx=u64:4 => 4
// run: prog ctx=u64:4 => 8
package main

import "sync/atomic"

type args struct{ X uint64 }

var counter uint64

//export prog
func prog(ctx *args) int32 {
	return int32(atomic.AddUint64(&counter, ctx.X))
}

func main() {}
