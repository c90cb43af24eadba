module bad/go-map

go 1.22
