module tinybpf.io/examples/tc-port-drop

go 1.22
