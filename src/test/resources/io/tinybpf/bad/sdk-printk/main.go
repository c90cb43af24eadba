package main

import (
	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/log"
)

//export prog
func prog(ctx *bpf.SkBuff) int32 {
	var comm [16]byte
	bpf.CurrentComm(&comm)
	bpf.Printk("len %d proto %d", ctx.Len)
	bpf.Printk("comm %d", comm)
	log.Info("name %s", "constant")
	bpf.Printk("%.2d", ctx.Len)
	return 0
}

func main() {}
