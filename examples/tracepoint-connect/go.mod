module tinybpf.io/examples/tracepoint-connect

go 1.22
