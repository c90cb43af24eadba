module github.com/kyleseneker/tinybpf/examples/fentry-open

go 1.22
