module tinybpf.io/sdk

go 1.22
