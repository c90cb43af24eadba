module tinybpf.io/twins/tc-port-drop

go 1.22
