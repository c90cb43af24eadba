module good/signed-division

go 1.22
