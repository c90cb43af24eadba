module bad/map-too-big

go 1.22
