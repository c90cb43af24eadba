//go:build tinygo

package main

func triple(x uint32) uint32 { return x * 3 }
