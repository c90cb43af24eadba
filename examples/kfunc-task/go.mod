module tinybpf.io/examples/kfunc-task

go 1.22
