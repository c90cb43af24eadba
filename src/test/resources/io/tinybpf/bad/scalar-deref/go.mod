module bad/scalar-deref

go 1.22
