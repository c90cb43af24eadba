module github.com/kyleseneker/tinybpf/examples/tc-filter

go 1.22
