module bad/unknown-helper

go 1.22
