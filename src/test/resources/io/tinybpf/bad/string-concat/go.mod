module bad/string-concat

go 1.22
