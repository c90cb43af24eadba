module tinybpf.io/examples/perf-event

go 1.22
