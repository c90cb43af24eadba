module tinybpf.io/twins/kprobe-unlink

go 1.22
