module bad/unreleased-ringbuf

go 1.22
