module good/core-nested

go 1.22
