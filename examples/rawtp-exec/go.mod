module tinybpf.io/examples/rawtp-exec

go 1.22
