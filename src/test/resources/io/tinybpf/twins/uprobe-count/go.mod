module tinybpf.io/twins/uprobe-count

go 1.22
