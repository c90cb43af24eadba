module bad/dynamic-make

go 1.22
