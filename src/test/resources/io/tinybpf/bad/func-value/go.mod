module bad/func-value

go 1.22
