module tinybpf.io/twins/socket-filter

go 1.22
