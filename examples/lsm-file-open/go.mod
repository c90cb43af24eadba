module tinybpf.io/examples/lsm-file-open

go 1.22
