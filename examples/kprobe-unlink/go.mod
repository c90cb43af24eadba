module tinybpf.io/examples/kprobe-unlink

go 1.22
