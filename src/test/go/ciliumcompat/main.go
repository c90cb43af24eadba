// Command ciliumcompat loads BPF objects built by tinybpf with cilium/ebpf and exercises every
// program the way the running kernel allows: tracepoints, raw tracepoints, uprobes and cgroup
// programs are attached, packet and syscall programs are test-run, and some examples get a check
// of their effect (ring buffer and perf records, per-CPU counters, loader constants, tail calls).
//
// It prints one JSON object per line and per object and never decides what is expected: the Java
// test (CiliumCompatTest) holds the expectations, probed on the running kernel with tinybpf's own
// loader (a kernel may refuse fentry/LSM programs, or lack kprobes).
//
// Usage: ciliumcompat [-cgroup DIR] OBJECT...   (object files are named <example>.bpf.o)
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/perf"
	"github.com/cilium/ebpf/ringbuf"
	"golang.org/x/sys/unix"
)

// Result is what happened to one object.
type Result struct {
	Object   string        `json:"object"`
	Spec     string        `json:"spec"`       // LoadCollectionSpec error, "" on success
	Load     string        `json:"load"`       // errno name of NewCollection's error, "" on success
	LoadErr  string        `json:"load_error"` // its message
	Partial  string        `json:"partial"`    // after a refused load: errno of loading without the refused program types
	Programs []Program     `json:"programs"`
	Checks   []Check       `json:"checks"`
	Types    []string      `json:"types"`     // program types as cilium/ebpf reads them (name:type)
	Variable []string      `json:"variables"` // spec.Variables, sorted
	Millis   time.Duration `json:"millis"`
}

// Program is what happened to one program.
type Program struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Action string `json:"action"` // tracepoint, raw_tracepoint, kprobe, kretprobe, uprobe, cgroup, test_run, none
	Errno  string `json:"errno"`  // "" on success
	Error  string `json:"error,omitempty"`
	Retval int64  `json:"retval"` // test runs only
}

// Check is an example-specific effect.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

var cgroupRoot = flag.String("cgroup", "", "cgroup v2 directory under which a fresh cgroup is made for cgroup programs")

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-connect-child" {
		os.Exit(connectChild(os.Args[2]))
	}
	flag.Parse()
	enc := json.NewEncoder(os.Stdout)
	for _, obj := range flag.Args() {
		start := time.Now()
		r := run(obj)
		r.Millis = time.Since(start) / time.Millisecond
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func example(obj string) string {
	return strings.TrimSuffix(filepath.Base(obj), ".bpf.o")
}

func errnoName(err error) string {
	if err == nil {
		return ""
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		return unix.ErrnoName(en)
	}
	if errors.Is(err, os.ErrNotExist) {
		return "ENOENT"
	}
	if errors.Is(err, os.ErrPermission) {
		return "EPERM"
	}
	return "error"
}

func run(obj string) Result {
	r := Result{Object: example(obj)}
	spec, err := ebpf.LoadCollectionSpec(obj)
	if err != nil {
		r.Spec = err.Error()
		return r
	}
	for name, p := range spec.Programs {
		r.Types = append(r.Types, name+":"+p.Type.String())
	}
	for name := range spec.Variables {
		r.Variable = append(r.Variable, name)
	}
	sortStrings(r.Types)
	sortStrings(r.Variable)
	before(r.Object, spec, &r)

	coll, err := ebpf.NewCollectionWithOptions(spec, ebpf.CollectionOptions{Programs: ebpf.ProgramOptions{LogLevel: ebpf.LogLevelBranch, LogSizeStart: 1 << 16}})
	if err != nil {
		r.Load, r.LoadErr = errnoName(err), firstLine(err)
		// Load what this kernel allows: drop the program types kernels refuse (fentry, LSM) and retry.
		refused := false
		for name, p := range spec.Programs {
			if p.Type == ebpf.Tracing || p.Type == ebpf.LSM {
				delete(spec.Programs, name)
				refused = true
			}
		}
		if !refused || len(spec.Programs) == 0 {
			return r
		}
		coll, err = ebpf.NewCollection(spec)
		if err != nil {
			r.Partial = errnoName(err) + ": " + firstLine(err)
			return r
		}
		r.Partial = "ok"
	}
	defer coll.Close()

	var links []link.Link
	defer func() {
		for _, l := range links {
			l.Close()
		}
	}()
	names := make([]string, 0, len(coll.Programs))
	for name := range coll.Programs {
		names = append(names, name)
	}
	sortStrings(names)
	for _, name := range names {
		p := exercise(r.Object, name, spec.Programs[name], coll.Programs[name], &links)
		r.Programs = append(r.Programs, p)
	}
	after(r.Object, coll, &r)
	return r
}

func firstLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// exercise attaches or test-runs one program.
func exercise(example, name string, ps *ebpf.ProgramSpec, prog *ebpf.Program, links *[]link.Link) Program {
	r := Program{Name: name, Type: ps.Type.String()}
	keep := func(l link.Link, err error) {
		if err != nil {
			r.Errno, r.Error = errnoName(err), firstLine(err)
			return
		}
		*links = append(*links, l)
	}
	switch ps.Type {
	case ebpf.TracePoint:
		r.Action = "tracepoint"
		group, event, _ := strings.Cut(ps.AttachTo, "/")
		keep(link.Tracepoint(group, event, prog, nil))
	case ebpf.RawTracepoint:
		r.Action = "raw_tracepoint"
		keep(link.AttachRawTracepoint(link.RawTracepointOptions{Name: ps.AttachTo, Program: prog}))
	case ebpf.Kprobe:
		switch {
		case strings.HasPrefix(ps.SectionName, "kretprobe"):
			r.Action = "kretprobe"
			keep(link.Kretprobe(ps.AttachTo, prog, nil))
		case strings.HasPrefix(ps.SectionName, "kprobe"):
			r.Action = "kprobe"
			keep(link.Kprobe(ps.AttachTo, prog, nil))
		default: // uprobe: on a function of this very binary
			r.Action = "uprobe"
			self, err := os.Executable()
			if err != nil {
				keep(nil, err)
				break
			}
			ex, err := link.OpenExecutable(self)
			if err != nil {
				keep(nil, err)
				break
			}
			keep(ex.Uprobe("main.probeTarget", prog, nil))
		}
	case ebpf.CGroupSockAddr, ebpf.CGroupSKB, ebpf.CGroupSock, ebpf.CGroupSockopt, ebpf.CGroupSysctl, ebpf.CGroupDevice:
		r.Action = "cgroup"
		dir, err := freshCgroup()
		if err != nil {
			keep(nil, err)
			break
		}
		currentCgroup = dir
		keep(link.AttachCgroup(link.CgroupOptions{Path: dir, Attach: ps.AttachType, Program: prog}))
	case ebpf.XDP, ebpf.SchedCLS, ebpf.SchedACT, ebpf.SocketFilter:
		r.Action = "test_run"
		ret, err := prog.Run(&ebpf.RunOptions{Data: packet(unix.IPPROTO_UDP, [4]byte{10, 0, 0, 1}, 53)})
		r.Retval = int64(ret)
		if err != nil {
			r.Errno, r.Error = errnoName(err), firstLine(err)
		}
	case ebpf.Syscall:
		r.Action = "test_run"
		ctx := make([]byte, 64)
		switch example {
		case "rodata-config":
			ctx = le32(5)
		case "kfunc-task":
			ctx = append(le32(uint32(os.Getpid())), make([]byte, 8)...)
		}
		out := make([]byte, len(ctx))
		ret, err := prog.Run(&ebpf.RunOptions{Context: ctx, ContextOut: out})
		r.Retval = int64(ret)
		if err != nil {
			r.Errno, r.Error = errnoName(err), firstLine(err)
		}
		lastContextOut = out
	default:
		r.Action = "none"
	}
	return r
}

var (
	currentCgroup  string
	lastContextOut []byte
)

func freshCgroup() (string, error) {
	if *cgroupRoot == "" {
		return "", errors.New("no -cgroup root given")
	}
	dir := filepath.Join(*cgroupRoot, fmt.Sprintf("tinybpf-cilium-%d-%d", os.Getpid(), time.Now().UnixNano()))
	return dir, os.Mkdir(dir, 0o755)
}

// before adjusts the spec of some examples (loader constants).
func before(example string, spec *ebpf.CollectionSpec, r *Result) {
	if example != "rodata-config" {
		return
	}
	for name, v := range map[string]uint32{"multiplier": 3, "offset": 4} {
		vs, ok := spec.Variables[name]
		if !ok {
			r.check("variable "+name, false, "not in CollectionSpec.Variables")
			continue
		}
		r.check("set "+name, vs.Set(v) == nil && vs.Constant(), fmt.Sprintf("constant=%v size=%d", vs.Constant(), vs.Size()))
	}
}

// awaitRecord reads ring buffer records for up to 5 s until match says one is ours (mine), then
// records the check with match's verdict and detail.
func awaitRecord(rd *ringbuf.Reader, r *Result, name string, match func([]byte) (mine, ok bool, detail string)) {
	rd.SetDeadline(time.Now().Add(5 * time.Second))
	for {
		rec, err := rd.Read()
		if err != nil {
			r.check(name, false, err.Error())
			return
		}
		if mine, ok, detail := match(rec.RawSample); mine {
			r.check(name, ok, detail)
			return
		}
	}
}

func (r *Result) check(name string, ok bool, detail string) {
	r.Checks = append(r.Checks, Check{Name: name, OK: ok, Detail: detail})
}

// after checks an example's effect with cilium/ebpf's maps, readers and test runs.
func after(example string, coll *ebpf.Collection, r *Result) {
	pid := uint32(os.Getpid())
	switch example {
	case "tracepoint-connect":
		rd, err := ringbuf.NewReader(coll.Maps["events"])
		if err != nil {
			r.check("ringbuf reader", false, err.Error())
			return
		}
		defer rd.Close()
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			r.check("listen", false, err.Error())
			return
		}
		defer ln.Close()
		port := uint16(ln.Addr().(*net.TCPAddr).Port)
		if c, err := net.Dial("tcp4", ln.Addr().String()); err == nil {
			c.Close()
		}
		awaitRecord(rd, r, "ring buffer event", func(b []byte) (bool, bool, string) {
			if len(b) < 28 || binary.LittleEndian.Uint32(b) != pid || binary.LittleEndian.Uint16(b[4:]) != port {
				return false, false, ""
			}
			return true, len(b) == 28 && binary.LittleEndian.Uint16(b[6:]) == unix.AF_INET &&
				net.IP(b[8:12]).Equal(net.IPv4(127, 0, 0, 1)), fmt.Sprintf("%d bytes: %x", len(b), b)
		})
	case "rawtp-exec":
		rd, err := ringbuf.NewReader(coll.Maps["events"])
		if err != nil {
			r.check("ringbuf reader", false, err.Error())
			return
		}
		defer rd.Close()
		cmd := exec.Command("/bin/true")
		if err := cmd.Run(); err != nil {
			r.check("exec", false, err.Error())
			return
		}
		child := uint32(cmd.Process.Pid)
		awaitRecord(rd, r, "exec event", func(b []byte) (bool, bool, string) {
			if len(b) < 40 || binary.LittleEndian.Uint32(b[4:]) != child {
				return false, false, ""
			}
			return true, binary.LittleEndian.Uint32(b[8:]) == pid, fmt.Sprintf("%d bytes, parent %d", len(b), binary.LittleEndian.Uint32(b[8:]))
		})
	case "perf-event":
		rd, err := perf.NewReader(coll.Maps["events"], os.Getpagesize())
		if err != nil {
			r.check("perf reader", false, err.Error())
			return
		}
		defer rd.Close()
		syscall.Getppid()
		rd.SetDeadline(time.Now().Add(5 * time.Second))
		for {
			rec, err := rd.Read()
			if err != nil {
				r.check("perf event", false, err.Error())
				return
			}
			if len(rec.RawSample) >= 24 && binary.LittleEndian.Uint32(rec.RawSample[4:]) == pid {
				r.check("perf event", true, fmt.Sprintf("%d bytes on CPU %d", len(rec.RawSample), rec.CPU))
				return
			}
		}
	case "percpu-counter":
		var before, after []uint64
		m := coll.Maps["counters"]
		err1 := m.Lookup(uint32(0), &before)
		for i := 0; i < 100; i++ {
			syscall.Getpid()
		}
		err2 := m.Lookup(uint32(0), &after)
		r.check("per-CPU counter rises", err1 == nil && err2 == nil && sum(after) >= sum(before)+100,
			fmt.Sprintf("%d -> %d over %d CPUs (%v, %v)", sum(before), sum(after), len(after), err1, err2))
	case "uprobe-count":
		for i := 0; i < 5; i++ {
			probeTarget(42)
		}
		var v [24]byte
		err := coll.Maps["stats"].Lookup(uint32(0), &v)
		calls, last := binary.LittleEndian.Uint64(v[:]), binary.LittleEndian.Uint32(v[16:])
		r.check("uprobe calls counted", err == nil && calls >= 5 && last == pid, fmt.Sprintf("calls=%d last_pid=%d (%v)", calls, last, err))
	case "rodata-config":
		r.check("x*multiplier+offset", r.retval("scale") == 5*3+4, fmt.Sprintf("retval %d", r.retval("scale")))
	case "loop-hash":
		var buf [64]byte
		copy(buf[:], "hello")
		err := coll.Maps["input"].Put(uint32(0), buf)
		ret, err2 := coll.Programs["hash_input"].Run(&ebpf.RunOptions{Context: le32(5)})
		h := uint32(2166136261)
		for _, c := range []byte("hello") {
			h = (h ^ uint32(c)) * 16777619
		}
		r.check("FNV-1a of 5 bytes", err == nil && err2 == nil && ret == h, fmt.Sprintf("retval %d, want %d (%v %v)", ret, h, err, err2))
	case "kfunc-task":
		ok := r.retval("lookup_task") == 1 && len(lastContextOut) == 12 && binary.LittleEndian.Uint32(lastContextOut[4:]) == pid
		r.check("bpf_task_from_pid finds us", ok, fmt.Sprintf("retval %d, ctx out %x", r.retval("lookup_task"), lastContextOut))
	case "xdp-blocklist":
		prog, m := coll.Programs["xdp_blocklist"], coll.Maps["blocklist"]
		pkt := packet(unix.IPPROTO_UDP, [4]byte{10, 0, 0, 2}, 53)
		err := m.Put([4]byte{10, 0, 0, 1}, uint64(0))
		ret, err2 := prog.Run(&ebpf.RunOptions{Data: pkt})
		var hits uint64
		err3 := m.Lookup([4]byte{10, 0, 0, 1}, &hits)
		r.check("listed source dropped", err == nil && err2 == nil && err3 == nil && ret == 1 && hits == 1,
			fmt.Sprintf("retval %d hits %d (%v %v %v)", ret, hits, err, err2, err3))
	case "tc-port-drop":
		prog, m := coll.Programs["tc_ingress"], coll.Maps["blockedPorts"]
		err := m.Put(uint16(8080), uint64(0))
		ret, err2 := prog.Run(&ebpf.RunOptions{Data: packet(unix.IPPROTO_TCP, [4]byte{10, 0, 0, 2}, 8080)})
		r.check("blocked port shot", err == nil && err2 == nil && ret == 2, fmt.Sprintf("retval %d (%v %v)", ret, err, err2))
	case "tail-calls":
		err := coll.Maps["jumpTable"].Put(uint32(0), coll.Programs["handle_drop"])
		ret, err2 := coll.Programs["dispatch"].Run(&ebpf.RunOptions{Data: packet(unix.IPPROTO_UDP, [4]byte{10, 0, 0, 2}, 53)})
		r.check("tail call to handle_drop", err == nil && err2 == nil && ret == 1, fmt.Sprintf("retval %d (%v %v)", ret, err, err2))
	case "cgroup-connect4":
		defer os.Remove(currentCgroup)
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			r.check("listen", false, err.Error())
			return
		}
		defer ln.Close()
		port := uint16(ln.Addr().(*net.TCPAddr).Port)
		// destKey{Addr, Port} as connect() sees them: network byte order in memory.
		key := make([]byte, 8)
		copy(key, []byte{127, 0, 0, 1})
		binary.BigEndian.PutUint16(key[4:], port)
		if err := coll.Maps["blockedDests"].Put(key, uint64(0)); err != nil {
			r.check("block destination", false, err.Error())
			return
		}
		code, err := connectFromCgroup(currentCgroup, port)
		r.check("connect refused in the cgroup", err == nil && code == int(unix.EPERM), fmt.Sprintf("child exit %d (%v)", code, err))
	}
}

func (r *Result) retval(prog string) int64 {
	for _, p := range r.Programs {
		if p.Name == prog {
			return p.Retval
		}
	}
	return -1
}

func sum(v []uint64) (s uint64) {
	for _, x := range v {
		s += x
	}
	return s
}

//go:noinline
func probeTarget(x int) int { return x * 2 }

func le32(v uint32) []byte {
	return binary.LittleEndian.AppendUint32(nil, v)
}

// packet is an Ethernet + IPv4 + UDP/TCP packet from 10.0.0.1 to dst:port.
func packet(proto uint8, dst [4]byte, port uint16) []byte {
	b := make([]byte, 14+20+20)
	b[12], b[13] = 0x08, 0x00
	ip := b[14:]
	ip[0], ip[8], ip[9] = 0x45, 64, proto
	binary.BigEndian.PutUint16(ip[2:], uint16(len(ip)))
	copy(ip[12:], []byte{10, 0, 0, 1})
	copy(ip[16:], dst[:])
	binary.BigEndian.PutUint16(ip[20:], 40000)
	binary.BigEndian.PutUint16(ip[22:], port)
	return b
}

// connectFromCgroup runs this binary as a child placed in the cgroup (clone3 CLONE_INTO_CGROUP)
// that connects to 127.0.0.1:port; its exit status is the connect errno.
func connectFromCgroup(dir string, port uint16) (int, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return -1, err
	}
	defer unix.Close(fd)
	self, err := os.Executable()
	if err != nil {
		return -1, err
	}
	cmd := exec.Command(self, "-connect-child", strconv.Itoa(int(port)))
	cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: fd}
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	return 0, err
}

func connectChild(port string) int {
	c, err := net.DialTimeout("tcp4", "127.0.0.1:"+port, 5*time.Second)
	if err == nil {
		c.Close()
		return 0
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		return int(en)
	}
	return 100
}
