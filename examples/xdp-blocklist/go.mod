module tinybpf.io/examples/xdp-blocklist

go 1.22
