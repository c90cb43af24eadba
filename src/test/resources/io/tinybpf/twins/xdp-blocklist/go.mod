module tinybpf.io/twins/xdp-blocklist

go 1.22
