module tinybpf.io/twins/tracepoint-connect

go 1.22
