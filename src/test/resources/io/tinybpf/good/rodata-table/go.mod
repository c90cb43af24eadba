module good/rodata-table

go 1.22
