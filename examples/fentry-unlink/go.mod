module tinybpf.io/examples/fentry-unlink

go 1.22
