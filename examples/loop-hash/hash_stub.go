//go:build !tinygo

// This file lets the standard Go toolchain (go vet, IDEs) load the package; the BPF program is
// in hash.go and only TinyGo compiles it.
package main

func main() {}
