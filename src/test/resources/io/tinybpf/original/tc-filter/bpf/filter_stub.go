// Placeholder for standard Go tooling; the real classifier is in filter.go (TinyGo).

//go:build !tinygo

package main
