module bad/float-math

go 1.22
