module bad/unbounded-loop

go 1.22
