module tinybpf.io/examples/uprobe-count

go 1.22
