// Package log is structured logging from BPF programs, in the spirit of aya-log: a call
//
//	log.Info("dropped %d packets from %s", n, comm)
//
// sends a small record (a call-site number and the argument values) through a ring buffer this
// package declares (tinybpf_logs), and userspace formats it with Go's fmt: tinybpf run prints
// the records among the program's events and trace lines, and the Go bindings of tinybpf
// generate have a reader (Read<Name>Logs) that gives each record's level, source position and
// message.
//
// The format must be a constant; tinybpf checks its verbs against the arguments at build time
// (and go vet does, on the host): %d %v %x %X %c for integers, %t for bools, %p for pointers,
// %s for NUL-terminated byte buffers ([N]byte, or []byte of which the first 64 bytes are sent).
// Flags 0 - + and space and widths are allowed. Formatting happens in userspace, so a record
// costs a few instructions per argument and no format parsing in the kernel.
//
// On the host (go test) the calls format with fmt and collect the lines: bpftest.Logs().
package log

// Level is a record's severity, as in the site table and the generated reader.
type Level uint8

const (
	LevelError Level = 1
	LevelWarn  Level = 2
	LevelInfo  Level = 3
	LevelDebug Level = 4
	LevelTrace Level = 5
)

// String is the level's name.
func (l Level) String() string {
	switch l {
	case LevelError:
		return "ERROR"
	case LevelWarn:
		return "WARN"
	case LevelInfo:
		return "INFO"
	case LevelDebug:
		return "DEBUG"
	case LevelTrace:
		return "TRACE"
	}
	return "LEVEL?"
}

// recordHeader starts every record: the call site's number in tinybpf_log_sites.
type recordHeader struct {
	Site uint32
	_    uint32
}
