module github.com/kyleseneker/tinybpf/examples/lsm-file-open

go 1.22
