module good/core-pointer-field

go 1.22
