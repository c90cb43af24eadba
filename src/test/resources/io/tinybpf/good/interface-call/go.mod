module bad/interface-call

go 1.22
