module tinybpf.io/examples/tail-calls

go 1.22
