//go:build tinygo

package log

import "tinybpf.io/sdk/bpf"

// tinybpf_logs carries the records of every log call to userspace (tinybpf run and the
// generated readers find it by this name).
var tinybpf_logs = bpf.RingBuf[recordHeader]{MaxEntries: 1 << 16}

// logAt has no body: tinybpf writes, at each call site, the code that fills a record and sends
// it through m (see package doc). The level functions below inline into their callers.
func logAt(m *bpf.RingBuf[recordHeader], level Level, format string, args ...any)

func Error(format string, args ...any) { logAt(&tinybpf_logs, LevelError, format, args...) }
func Warn(format string, args ...any)  { logAt(&tinybpf_logs, LevelWarn, format, args...) }
func Info(format string, args ...any)  { logAt(&tinybpf_logs, LevelInfo, format, args...) }
func Debug(format string, args ...any) { logAt(&tinybpf_logs, LevelDebug, format, args...) }
func Trace(format string, args ...any) { logAt(&tinybpf_logs, LevelTrace, format, args...) }
