module github.com/kyleseneker/tinybpf/examples/kfunc-task

go 1.22
