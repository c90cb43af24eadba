module tinybpf.io/examples/loop-hash

go 1.22
