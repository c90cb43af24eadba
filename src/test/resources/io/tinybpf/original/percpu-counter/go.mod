module github.com/kyleseneker/tinybpf/examples/percpu-counter

go 1.22
