module tinybpf.io/examples/cgroup-connect4

go 1.22
