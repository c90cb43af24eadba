module tinybpf.io/examples/rodata-config

go 1.22
