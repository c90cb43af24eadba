module tinybpf.io/examples/percpu-counter

go 1.22
