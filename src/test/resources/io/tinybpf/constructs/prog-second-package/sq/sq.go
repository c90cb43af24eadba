// Package sq squares numbers.
package sq

// Square returns x*x.
func Square(x uint32) uint32 { return x * x }
