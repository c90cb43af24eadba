module github.com/kyleseneker/tinybpf/examples/cgroup-connect

go 1.22
