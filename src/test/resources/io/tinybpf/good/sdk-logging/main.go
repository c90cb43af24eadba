// Package main prints and logs every getppid(): a trace line through bpf.Printk and a log record
// through package log, for the tests of tinybpf run and of the generated log reader.
package main

import (
	"unsafe"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/log"
)

//export on_getppid
func on_getppid(ctx unsafe.Pointer) int32 {
	var comm [16]byte
	bpf.CurrentComm(&comm)
	tgid := bpf.CurrentTgid()
	bpf.Printk("getppid by %s tgid %d", comm, tgid)
	log.Info("getppid by %s (tgid %d, uid %d, big %v)", comm, tgid, uint32(bpf.GetCurrentUidGid()), int64(-1)<<40)
	return 0
}

func main() {}
