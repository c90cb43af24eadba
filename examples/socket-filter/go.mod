module tinybpf.io/examples/socket-filter

go 1.22
