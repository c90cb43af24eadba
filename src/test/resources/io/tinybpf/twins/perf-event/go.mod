module tinybpf.io/twins/perf-event

go 1.22
