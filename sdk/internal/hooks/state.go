// Package hooks is the host-side state the bpf package (built without TinyGo) shares with
// package bpftest: injected helper replacements, host maps, packets behind contexts, trace
// lines and log records. It is internal so that only those two packages reach it.
package hooks

import (
	"fmt"
	"sync"
	"unsafe"
)

// Helpers holds the replacements set by tests; a nil entry means the SDK's host implementation.
var Helpers Table

// Missing is the panic message of a helper with neither a hook nor a host implementation.
func Missing(helper, hook string) string {
	return helper + " has no host implementation: set bpftest.Helpers." + hook + " in the test"
}

var (
	mu      sync.Mutex
	packets = map[unsafe.Pointer][]byte{}
	trace   []string
	logs    []string
)

// SetPacket makes ctx (an XdpMd or SkBuff) refer to pkt.
func SetPacket(ctx unsafe.Pointer, pkt []byte) {
	mu.Lock()
	defer mu.Unlock()
	packets[ctx] = pkt
}

// PacketOf returns the packet behind a context, or nil.
func PacketOf(ctx unsafe.Pointer) []byte {
	mu.Lock()
	defer mu.Unlock()
	return packets[ctx]
}

// Trace appends a bpf_trace_printk line.
func Trace(line string) {
	mu.Lock()
	defer mu.Unlock()
	trace = append(trace, line)
}

// TraceLines returns the trace lines so far and, with take, forgets them.
func TraceLines(take bool) []string {
	mu.Lock()
	defer mu.Unlock()
	t := trace
	if take {
		trace = nil
	}
	return t
}

// Log appends a formatted log line (package log on the host: "LEVEL message").
func Log(rec string) {
	mu.Lock()
	defer mu.Unlock()
	logs = append(logs, rec)
}

// LogLines returns the log lines so far and, with take, forgets them.
func LogLines(take bool) []string {
	mu.Lock()
	defer mu.Unlock()
	l := logs
	if take {
		logs = nil
	}
	return l
}

// Reset forgets hooks, map contents, packets, trace lines and log records.
func Reset() {
	Helpers = Table{}
	ResetMaps()
	mu.Lock()
	packets = map[unsafe.Pointer][]byte{}
	trace, logs = nil, nil
	mu.Unlock()
	NumCPU, CPU = 1, 0
}

// tailCall unwinds a program that made a successful tail call: the kernel never returns to it,
// so Call catches this and runs the target in its place.
type tailCall struct{ prog func(unsafe.Pointer) int32 }

// MaxTailCalls is the kernel's limit of tail calls in one run (MAX_TAIL_CALL_CNT).
const MaxTailCalls = 33

var tailCalls int

// TailCall is a successful bpf_tail_call: it does not return. Past the limit it returns, as the
// kernel's fails, and the program continues.
func TailCall(prog func(unsafe.Pointer) int32) {
	if tailCalls >= MaxTailCalls {
		return
	}
	tailCalls++
	panic(tailCall{prog})
}

// Call runs a program on ctx and returns its result, following tail calls.
func Call(prog func(unsafe.Pointer) int32, ctx unsafe.Pointer) int32 {
	tailCalls = 0
	for {
		next, ret := call1(prog, ctx)
		if next == nil {
			return ret
		}
		prog = next
	}
}

func call1(prog func(unsafe.Pointer) int32, ctx unsafe.Pointer) (next func(unsafe.Pointer) int32, ret int32) {
	defer func() {
		if r := recover(); r != nil {
			tc, ok := r.(tailCall)
			if !ok {
				panic(r)
			}
			next = tc.prog
		}
	}()
	return nil, prog(ctx)
}

// Sprintf formats a bpf_trace_printk format with its arguments as the kernel does (the subset of
// printk conversions BPF allows).
func Sprintf(format string, args []uint64) string {
	var b []byte
	ai := 0
	next := func() uint64 {
		if ai < len(args) {
			ai++
			return args[ai-1]
		}
		return 0
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b = append(b, c)
			continue
		}
		i++
		if format[i] == '%' {
			b = append(b, '%')
			continue
		}
		long := 0
		for i < len(format) && format[i] == 'l' {
			long++
			i++
		}
		if i == len(format) {
			break
		}
		v := next()
		switch format[i] {
		case 'd', 'i':
			if long == 0 {
				b = fmt.Appendf(b, "%d", int32(v))
			} else {
				b = fmt.Appendf(b, "%d", int64(v))
			}
		case 'u':
			if long == 0 {
				b = fmt.Appendf(b, "%d", uint32(v))
			} else {
				b = fmt.Appendf(b, "%d", v)
			}
		case 'x', 'X':
			verb := "%" + string(format[i])
			if long == 0 {
				b = fmt.Appendf(b, verb, uint32(v))
			} else {
				b = fmt.Appendf(b, verb, v)
			}
		case 'c':
			b = append(b, byte(v))
		case 'p':
			b = fmt.Appendf(b, "0x%x", v)
			for i+1 < len(format) && (format[i+1] == 'K' || format[i+1] == 'x' || format[i+1] == 'S' || format[i+1] == 's') {
				i++
			}
		case 's':
			// a kernel address on the host: shown, not followed
			b = fmt.Appendf(b, "(string at 0x%x)", v)
		default:
			b = append(b, '%', format[i])
		}
	}
	return string(b)
}
