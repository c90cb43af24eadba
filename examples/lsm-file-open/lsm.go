// Package main counts file opens per process at the file_open LSM hook, in an LRU hash that
// forgets the least recently seen processes when full.
package main

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
)

var opens = bpf.LRUHash[uint32, uint64]{MaxEntries: 4096}

//export check_file_open
func check_file_open(ctx unsafe.Pointer) int32 {
	tgid := bpf.CurrentTgid()
	if n := opens.Lookup(&tgid); n != nil {
		*n++
		return 0
	}
	one := uint64(1)
	opens.Update(&tgid, &one, bpf.Any)
	return 0 // allow the open
}

func main() {}
