module bad/any-tracepoint

go 1.22
