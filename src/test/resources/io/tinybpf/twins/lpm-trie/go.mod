module tinybpf.io/twins/lpm-trie

go 1.22
