module tinybpf.io/twins/rawtp-exec

go 1.22
