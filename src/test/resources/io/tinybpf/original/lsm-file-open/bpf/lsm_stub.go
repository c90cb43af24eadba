//go:build !tinygo

package main
