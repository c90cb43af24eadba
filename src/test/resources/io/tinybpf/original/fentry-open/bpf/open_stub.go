// Placeholder for standard Go tooling; the real probe is in open.go (TinyGo).

//go:build !tinygo

package main
