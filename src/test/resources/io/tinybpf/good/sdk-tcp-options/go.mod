module good/sdk-tcp-options

go 1.22

require tinybpf.io/sdk v0.0.0

replace tinybpf.io/sdk => ../../../../../../../sdk
