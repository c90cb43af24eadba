//go:build !tinygo

package log

import (
	"fmt"

	"tinybpf.io/sdk/internal/hooks"
)

// On the host, records are formatted right away with fmt and collected for bpftest.Logs.

func emit(l Level, format string, args ...any) {
	hooks.Log(l.String() + " " + fmt.Sprintf(format, args...))
}

// Error logs at level ERROR.
func Error(format string, args ...any) { emit(LevelError, format, args...) }

// Warn logs at level WARN.
func Warn(format string, args ...any) { emit(LevelWarn, format, args...) }

// Info logs at level INFO.
func Info(format string, args ...any) { emit(LevelInfo, format, args...) }

// Debug logs at level DEBUG.
func Debug(format string, args ...any) { emit(LevelDebug, format, args...) }

// Trace logs at level TRACE.
func Trace(format string, args ...any) { emit(LevelTrace, format, args...) }
