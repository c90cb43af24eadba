// Package espflasher is a build shim used by tinybpf's setup: the real module's
// recent versions are not served by this machine's Go module proxy, and ESP32
// flashing is never used when TinyGo only emits LLVM IR for BPF programs.
package espflasher

import (
	"errors"
	"fmt"
	"io"
)

type ResetMode int

const (
	ResetDefault ResetMode = iota
	ResetUSBJTAG
)

type Logger interface {
	Logf(format string, args ...any)
}

type StdoutLogger struct{ W io.Writer }

func (l *StdoutLogger) Logf(format string, args ...any) { fmt.Fprintf(l.W, format, args...) }

type Options struct {
	Compress  bool
	Logger    Logger
	ResetMode ResetMode
}

func DefaultOptions() Options { return Options{} }

type Flasher struct{}

var errUnsupported = errors.New("ESP flashing is not available in this TinyGo build (tinybpf shim)")

func New(port string, opts Options) (*Flasher, error) { return nil, errUnsupported }

func (f *Flasher) Close() error                                          { return nil }
func (f *Flasher) ChipName() string                                      { return "" }
func (f *Flasher) EraseFlash(progress func(current, total int)) error    { return errUnsupported }
func (f *Flasher) FlashImage(d []byte, off uint32, p func(c, t int)) error { return errUnsupported }
func (f *Flasher) Reset() error                                          { return nil }
