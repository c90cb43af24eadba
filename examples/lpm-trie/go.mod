module tinybpf.io/examples/lpm-trie

go 1.22
