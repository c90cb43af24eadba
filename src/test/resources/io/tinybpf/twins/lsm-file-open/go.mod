module tinybpf.io/twins/lsm-file-open

go 1.22
