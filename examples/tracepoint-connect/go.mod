module tinybpf.io/examples/tracepoint-connect

go 1.22

require tinybpf.io/sdk v0.0.0

// The SDK ships with tinybpf (sdk/ in its repository); tinybpf init points new modules at the
// installed copy the same way.
replace tinybpf.io/sdk => ../../sdk
