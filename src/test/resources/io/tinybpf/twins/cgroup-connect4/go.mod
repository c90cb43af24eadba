module tinybpf.io/twins/cgroup-connect4

go 1.22
