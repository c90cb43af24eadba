module example.com/gowithc

go 1.22
