module github.com/kyleseneker/tinybpf/examples/tracepoint-connect

go 1.22
