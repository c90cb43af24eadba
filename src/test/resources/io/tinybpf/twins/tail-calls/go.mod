module tinybpf.io/twins/tail-calls

go 1.22
