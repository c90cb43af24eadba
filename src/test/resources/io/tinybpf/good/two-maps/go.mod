module good/two-maps

go 1.22
