module github.com/kyleseneker/tinybpf/examples/rawtp-sched

go 1.22
