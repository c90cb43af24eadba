// Placeholder for standard Go tooling; the real probe is in task.go (TinyGo).

//go:build !tinygo

package main
