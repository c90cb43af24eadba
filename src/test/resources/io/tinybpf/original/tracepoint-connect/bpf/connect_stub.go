// Placeholder for standard Go tooling; the real probe is in connect.go (TinyGo).

//go:build !tinygo

package main
