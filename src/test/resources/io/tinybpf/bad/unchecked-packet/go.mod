module bad/unchecked-packet

go 1.22
