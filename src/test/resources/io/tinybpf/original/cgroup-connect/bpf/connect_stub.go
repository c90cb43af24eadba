// Placeholder for standard Go tooling; the real program is in connect.go (TinyGo).

//go:build !tinygo

package main
