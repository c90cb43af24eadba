module github.com/kyleseneker/tinybpf/examples/kprobe-openat

go 1.22
