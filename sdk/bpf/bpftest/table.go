package bpftest

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"tinybpf.io/sdk/bpf"
	"tinybpf.io/sdk/internal/hooks"
)

// Program is a BPF program under test: its Go function and, for the kernel run, where tinybpf
// finds it.
type Program[C any] struct {
	Func func(*C) int32 // the //export function
	// Name is the program's name in the object (the //export name); default: the test's name is
	// not guessed, so kernel runs need it.
	Name string
	// Object is the built object, relative to the package directory (tinybpf.json's
	// build.output, e.g. "build/xdp.bpf.o"). Kernel runs build it first with tinybpf build.
	Object string
	// Maps names the SDK maps whose host contents (after Setup) are copied into the kernel's maps
	// of the same name before each kernel run.
	Maps map[string]bpf.Map
}

// Case is one run of the program.
type Case[C any] struct {
	Name   string
	Packet []byte             // XDP, tc, socket filter and cgroup skb programs: the packet (see Packet)
	Ctx    *C                 // other programs: the context (nil: a zeroed one)
	Setup  func()             // before the run, after Reset: fill maps, set Helpers (host only; maps reach the kernel via Program.Maps)
	Want   int32              // the program's expected return value
	Check  func(t *testing.T) // after the host run: look at maps, records, Trace()
}

// KernelEnv is the environment variable that makes Program.Test also run each case in the
// running kernel (root or CAP_BPF needed). Its value may name the tinybpf command; "1" means
// tinybpf from PATH (or $TINYBPF).
const KernelEnv = "TINYBPF_TEST_KERNEL"

// Test runs every case as a subtest: on the host, then, with TINYBPF_TEST_KERNEL set, in the
// kernel with the same packet or context and map contents, checking the same return value.
func (p Program[C]) Test(t *testing.T, cases []Case[C]) {
	t.Helper()
	kernel := os.Getenv(KernelEnv)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			ctx := p.context(c)
			if got := Run(p.Func, ctx); got != c.Want {
				t.Errorf("host: %s returned %d, want %d", p.Name, got, c.Want)
			}
			for _, l := range Trace() {
				t.Logf("trace: %s", l)
			}
			if c.Check != nil {
				c.Check(t)
			}
			if kernel != "" {
				p.kernelRun(t, kernel, c)
			}
		})
	}
}

func (p Program[C]) context(c Case[C]) *C {
	Reset()
	if c.Setup != nil {
		c.Setup()
	}
	var ctx *C
	switch any((*C)(nil)).(type) {
	case *bpf.XdpMd:
		ctx = any(XDP(c.Packet)).(*C)
	case *bpf.SkBuff:
		ctx = any(Skb(c.Packet)).(*C)
	default:
		ctx = c.Ctx
		if ctx == nil {
			ctx = new(C)
		}
	}
	return ctx
}

// kernelRun runs the case through tinybpf test: the same input, the host maps' contents after
// Setup, and --expect for the return value.
func (p Program[C]) kernelRun(t *testing.T, tool string, c Case[C]) {
	t.Helper()
	if p.Name == "" || p.Object == "" {
		t.Fatalf("kernel run: Program needs Name and Object")
	}
	if tool == "1" || tool == "true" {
		tool = os.Getenv("TINYBPF")
		if tool == "" {
			tool = "tinybpf"
		}
	}
	if err := buildOnce(tool); err != nil {
		t.Fatalf("kernel run: tinybpf build failed: %v", err)
	}
	args := []string{"test", p.Object, "--program", p.Name, "--expect", fmt.Sprint(c.Want)}
	switch any((*C)(nil)).(type) {
	case *bpf.XdpMd, *bpf.SkBuff:
		args = append(args, "--packet", "0x"+hex.EncodeToString(c.Packet))
	default:
		ctx := p.context(c)
		args = append(args, "--ctx", "0x"+hex.EncodeToString(unsafe.Slice((*byte)(unsafe.Pointer(ctx)), unsafe.Sizeof(*ctx))))
	}
	// the maps as Setup left them on the host
	Reset()
	if c.Setup != nil {
		c.Setup()
	}
	names := make([]string, 0, len(p.Maps))
	for n := range p.Maps {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for _, e := range hooks.MapOf(p.Maps[n]).Entries() {
			args = append(args, "--set", n+":0x"+hex.EncodeToString(e.Key)+"=0x"+hex.EncodeToString(e.Values[0]))
		}
	}
	cmd := exec.Command(tool, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Logf("kernel: %s %s\n%s", tool, strings.Join(args, " "), strings.TrimSpace(out.String()))
	if err != nil {
		t.Errorf("kernel: %s returned something else than %d (or could not run): %v", p.Name, c.Want, err)
	}
}

var (
	buildMu sync.Mutex
	built   = map[string]error{}
)

// buildOnce runs tinybpf build in the package directory once per test binary (cached by
// tinybpf, so an unchanged package costs a fraction of a second).
func buildOnce(tool string) error {
	buildMu.Lock()
	defer buildMu.Unlock()
	dir, _ := os.Getwd()
	if err, ok := built[dir]; ok {
		return err
	}
	cmd := exec.Command(tool, "build", ".")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		err = fmt.Errorf("%v in %s:\n%s", err, filepath.Base(dir), out.String())
	}
	built[dir] = err
	return err
}
