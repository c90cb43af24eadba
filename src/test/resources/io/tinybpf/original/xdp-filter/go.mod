module github.com/kyleseneker/tinybpf/examples/xdp-filter

go 1.22
