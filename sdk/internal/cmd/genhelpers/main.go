// Command genhelpers writes the SDK's BPF helper layer from libbpf's bpf_helper_defs.h, the
// header libbpf generates from the kernel's own helper documentation (the comments of
// include/uapi/linux/bpf.h):
//
//	bpf/helpers.go         the typed API: one function per helper, with the kernel's documentation
//	bpf/helpers_tinygo.go  body-less bpfXxx declarations that tinybpf turns into helper calls
//	bpf/helpers_host.go    host versions: an injected hook, else the SDK's host implementation, else a panic
//	internal/hooks/hooks.go the table of injectable hooks (bpftest.Helpers)
//
// Usage (from the SDK module's root; scripts/gen-sdk-helpers runs it):
//
//	go run ./internal/cmd/genhelpers [-check] [path/to/bpf_helper_defs.h]
//
// With -check nothing is written; the command exits 1 and names the files that differ.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

const defaultHeader = "/usr/include/bpf/bpf_helper_defs.h"

// param is one C parameter of a helper.
type param struct {
	cType  string // "const void *", "__u32", ...
	cName  string
	goName string
	public string // Go type of the typed API
	raw    string // Go type of the body-less declaration and the hook
	isMap  bool   // a map argument: the typed API takes a pointer to any SDK map
}

type helper struct {
	name    string // map_lookup_elem
	id      int
	doc     []string // description lines, tab-indented as in the header
	returns []string
	ret     string // C return type
	params  []param
	proto   string // the C prototype, for the doc comment
}

func main() {
	check := flag.Bool("check", false, "compare with the files on disk instead of writing them")
	flag.Parse()
	header := defaultHeader
	if flag.NArg() > 0 {
		header = flag.Arg(0)
	}
	src, err := os.ReadFile(header)
	if err != nil {
		fail("%v (libbpf-dev provides it: scripts/setup llvm)", err)
	}
	helpers, err := parseHeader(string(src))
	if err != nil {
		fail("%s: %v", header, err)
	}
	defaults, err := hostDefaults("bpf")
	if err != nil {
		fail("%v", err)
	}
	files := map[string][]byte{
		"bpf/helpers.go":          publicFile(helpers, filepath.Base(header)),
		"bpf/helpers_tinygo.go":   tinygoFile(helpers),
		"bpf/helpers_host.go":     hostFile(helpers, defaults),
		"internal/hooks/hooks.go": hooksFile(helpers),
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	stale := 0
	for _, n := range names {
		out, err := format.Source(files[n])
		if err != nil {
			fail("%s: generated code does not parse: %v\n%s", n, err, files[n])
		}
		if *check {
			old, _ := os.ReadFile(n)
			if !bytes.Equal(old, out) {
				fmt.Fprintf(os.Stderr, "genhelpers: %s is not current (run scripts/gen-sdk-helpers)\n", n)
				stale++
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(n), 0o755); err != nil {
			fail("%v", err)
		}
		if err := os.WriteFile(n, out, 0o644); err != nil {
			fail("%v", err)
		}
	}
	if stale > 0 {
		os.Exit(1)
	}
	if !*check {
		fmt.Printf("genhelpers: %d helpers from %s\n", len(helpers), header)
	}
}

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "genhelpers: "+f+"\n", a...)
	os.Exit(2)
}

var protoRE = regexp.MustCompile(`^static (.+?)\(\*(?:const )?bpf_([a-z0-9_]+)\)\((.*)\) = \(void \*\) (\d+);$`)

// parseHeader reads each helper's comment block and prototype.
func parseHeader(src string) ([]helper, error) {
	lines := strings.Split(src, "\n")
	var out []helper
	var block []string
	inBlock := false
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "/*"):
			inBlock, block = true, nil
		case inBlock && strings.HasPrefix(l, " */"):
			inBlock = false
		case inBlock:
			block = append(block, strings.TrimPrefix(strings.TrimPrefix(l, " *"), " "))
		case strings.HasPrefix(l, "static "):
			m := protoRE.FindStringSubmatch(l)
			if m == nil {
				return nil, fmt.Errorf("unrecognized prototype: %s", l)
			}
			id, _ := strconv.Atoi(m[4])
			h := helper{name: m[2], id: id, ret: strings.TrimSpace(m[1])}
			h.proto = h.ret + sep(h.ret) + "bpf_" + h.name + "(" + m[3] + ")"
			if err := h.parseParams(m[3]); err != nil {
				return nil, fmt.Errorf("bpf_%s: %v", h.name, err)
			}
			h.doc, h.returns = splitDoc(block, h.name)
			block = nil
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no helper prototypes found")
	}
	return out, nil
}

func sep(cType string) string {
	if strings.HasSuffix(cType, "*") {
		return ""
	}
	return " "
}

// splitDoc separates the description from the "Returns" section; the first line is the name.
func splitDoc(block []string, name string) (desc, returns []string) {
	if len(block) > 0 && strings.TrimSpace(block[0]) == "bpf_"+name {
		block = block[1:]
	}
	cur := &desc
	for _, l := range block {
		if l == "Returns" {
			cur = &returns
			continue
		}
		*cur = append(*cur, l)
	}
	return trimBlank(desc), trimBlank(returns)
}

func trimBlank(ls []string) []string {
	for len(ls) > 0 && strings.TrimSpace(ls[0]) == "" {
		ls = ls[1:]
	}
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

var paramRE = regexp.MustCompile(`^(.*?)([A-Za-z_][A-Za-z0-9_]*)$`)

func (h *helper) parseParams(list string) error {
	list = strings.TrimSpace(list)
	if list == "void" || list == "" {
		return nil
	}
	parts := strings.Split(list, ",")
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "..." {
			// bpf_trace_printk: up to three more u64 arguments (the helper reads them from R3-R5)
			for i := 1; i <= 3; i++ {
				h.params = append(h.params, param{cType: "__u64", cName: fmt.Sprintf("arg%d", i)})
			}
			continue
		}
		m := paramRE.FindStringSubmatch(p)
		if m == nil {
			return fmt.Errorf("unrecognized parameter %q", p)
		}
		h.params = append(h.params, param{cType: strings.TrimSpace(m[1]), cName: m[2]})
	}
	for i := range h.params {
		p := &h.params[i]
		p.goName = goParamName(p.cName)
		p.isMap = strings.HasSuffix(p.cType, "*") && (p.cName == "map" || p.cName == "ringbuf" || strings.HasSuffix(p.cName, "_map"))
		var err error
		if p.public, p.raw, err = goType(p.cType); err != nil {
			return err
		}
		if p.isMap {
			p.public = "*M"
		}
	}
	return nil
}

// contexts are the kernel structures this package declares: helpers taking them are typed.
var contexts = map[string]string{
	"__sk_buff":     "SkBuff",
	"xdp_md":        "XdpMd",
	"pt_regs":       "PtRegs",
	"bpf_sock_addr": "SockAddr",
}

var scalars = map[string]string{
	"__u8": "uint8", "__u16": "uint16", "__u32": "uint32", "__u64": "uint64",
	"__s8": "int8", "__s16": "int16", "__s32": "int32", "__s64": "int64",
	"int": "int32", "long": "int64", "unsigned long": "uint64", "char": "byte",
	// network byte order and checksums are plain integers here; Be16/Be32 are for packet headers
	"__be16": "uint16", "__be32": "uint32", "__wsum": "uint32",
}

// goType maps a C type to the typed API's Go type and the raw one (pointers are unsafe.Pointer).
func goType(c string) (public, raw string, err error) {
	c = strings.TrimSpace(strings.TrimPrefix(c, "const "))
	if c == "void" {
		return "", "", nil
	}
	if strings.HasSuffix(c, "*") {
		base := strings.TrimSpace(strings.TrimSuffix(c, "*"))
		base = strings.TrimSpace(strings.TrimPrefix(base, "const "))
		if strings.HasPrefix(base, "struct ") {
			if g, ok := contexts[strings.TrimPrefix(base, "struct ")]; ok {
				return "*" + g, "unsafe.Pointer", nil
			}
			return "unsafe.Pointer", "unsafe.Pointer", nil
		}
		if g, ok := scalars[base]; ok {
			return "*" + g, "unsafe.Pointer", nil
		}
		if base == "void" {
			return "unsafe.Pointer", "unsafe.Pointer", nil
		}
		return "", "", fmt.Errorf("no Go type for %q", c)
	}
	if g, ok := scalars[c]; ok {
		return g, g, nil
	}
	return "", "", fmt.Errorf("no Go type for %q", c)
}

var goReserved = map[string]string{
	"map": "m", "type": "typ", "func": "fn", "len": "length", "range": "rng", "string": "str",
	"var": "v", "select": "sel", "chan": "ch", "go": "g", "default": "def", "new": "nw", "cap": "capacity",
}

func goParamName(c string) string {
	if r, ok := goReserved[c]; ok {
		return r
	}
	parts := strings.Split(c, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	n := strings.Join(parts, "")
	if r, ok := goReserved[n]; ok {
		return r
	}
	return n
}

// GoName is the typed API's name: map_lookup_elem → MapLookupElem.
func (h helper) GoName() string {
	var b strings.Builder
	for _, w := range strings.Split(h.name, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func (h helper) rawName() string { return "bpf" + h.GoName() }

func (h helper) hasMap() bool {
	for _, p := range h.params {
		if p.isMap {
			return true
		}
	}
	return false
}

func (h helper) retTypes() (public, raw string) {
	public, raw, err := goType(h.ret)
	if err != nil {
		fail("bpf_%s: %v", h.name, err)
	}
	return
}

// ------------------------------------------------------------------ doc comments

var (
	boldRE   = regexp.MustCompile(`\*\*([^*]+?)\*\*`)
	italicRE = regexp.MustCompile(`\*([^*\s][^*]*?)\*`)
	codeRE   = regexp.MustCompile("``([^`]+)``")
)

// plain turns the header's reStructuredText inline markup into plain text.
func plain(s string) string {
	s = strings.ReplaceAll(s, `\ `, "")
	s = strings.ReplaceAll(s, `\/`, "/")
	s = codeRE.ReplaceAllString(s, "$1")
	s = boldRE.ReplaceAllString(s, "$1")
	s = italicRE.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, `\*`, "*")
	return s
}

// comment renders documentation lines (one leading tab of the header's indentation removed) as
// Go doc comment lines: "::" blocks and deeper indentation become code blocks, "* item" lists
// become Go lists.
func comment(lines []string) []string {
	var out []string
	code := false
	prevTerm := false // the previous line was an unindented line: a definition list's term
	for _, l := range lines {
		l = strings.TrimPrefix(l, "\t")
		t := strings.TrimSpace(l)
		switch {
		case t == "::":
			code, prevTerm = true, false
			continue
		case t == "":
			out = append(out, "")
			prevTerm = false
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, "\t"))
		if code && indent == 0 {
			code = false
		}
		inItem := len(out) > 0 && (strings.HasPrefix(out[len(out)-1], "  - ") || strings.HasPrefix(out[len(out)-1], "    "))
		switch {
		case code:
			out = append(out, "\t"+strings.TrimRight(l, " \t"))
		case indent > 0 && (strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "- ")):
			out = append(out, "  - "+plain(t[2:]))
		case indent > 0 && prevTerm:
			// "**BPF_NOEXIST**" followed by its indented definition
			out[len(out)-1] = "  - " + out[len(out)-1] + ": " + plain(t)
		case indent > 0 && inItem:
			out = append(out, "    "+plain(t))
		default:
			out = append(out, plain(t))
		}
		prevTerm = indent == 0 && !code
	}
	return out
}

func writeDoc(b *bytes.Buffer, h helper) {
	lines := []string{fmt.Sprintf("%s calls bpf_%s (BPF helper %d).", h.GoName(), h.name, h.id), ""}
	lines = append(lines, comment(h.doc)...)
	if len(h.returns) > 0 {
		lines = append(lines, "", "Returns:", "")
		lines = append(lines, comment(h.returns)...)
	}
	lines = append(lines, "", "C prototype:", "", "\t"+h.proto)
	prevBlank := false
	for _, l := range lines {
		blank := strings.TrimSpace(l) == ""
		if blank && prevBlank {
			continue
		}
		prevBlank = blank
		if blank {
			b.WriteString("//\n")
		} else {
			b.WriteString("// " + l + "\n")
		}
	}
}

// ------------------------------------------------------------------ files

const banner = "// Code generated by internal/cmd/genhelpers from libbpf's %s; DO NOT EDIT.\n\n"

func publicFile(hs []helper, source string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, banner, source)
	b.WriteString("package bpf\n\nimport \"unsafe\"\n\n")
	b.WriteString("var _ unsafe.Pointer\n\n")
	for _, h := range hs {
		writeDoc(&b, h)
		pubRet, _ := h.retTypes()
		var params, args []string
		for _, p := range h.params {
			params = append(params, p.goName+" "+p.public)
			switch {
			case p.isMap:
				args = append(args, "mapPtr("+p.goName+")")
			case p.public != p.raw:
				args = append(args, "unsafe.Pointer("+p.goName+")")
			default:
				args = append(args, p.goName)
			}
		}
		tparams := ""
		if h.hasMap() {
			tparams = "[M Map]"
		}
		fmt.Fprintf(&b, "func %s%s(%s) %s {\n\t", h.GoName(), tparams, strings.Join(params, ", "), pubRet)
		if pubRet != "" {
			b.WriteString("return ")
		}
		fmt.Fprintf(&b, "%s(%s)\n}\n\n", h.rawName(), strings.Join(args, ", "))
	}
	return b.Bytes()
}

func rawSignature(h helper) string {
	var params []string
	for _, p := range h.params {
		params = append(params, p.goName+" "+p.raw)
	}
	_, raw := h.retTypes()
	return "(" + strings.Join(params, ", ") + ") " + raw
}

func tinygoFile(hs []helper) []byte {
	var b bytes.Buffer
	b.WriteString("//go:build tinygo\n\n")
	fmt.Fprintf(&b, banner, "bpf_helper_defs.h")
	b.WriteString("package bpf\n\nimport \"unsafe\"\n\n")
	b.WriteString("// Body-less declarations: tinybpf turns each call into a call of the helper named after it.\n\n")
	b.WriteString("var _ unsafe.Pointer\n\n")
	for _, h := range hs {
		fmt.Fprintf(&b, "func %s%s\n", h.rawName(), rawSignature(h))
	}
	return b.Bytes()
}

func hostFile(hs []helper, defaults map[string]bool) []byte {
	var b bytes.Buffer
	b.WriteString("//go:build !tinygo\n\n")
	fmt.Fprintf(&b, banner, "bpf_helper_defs.h")
	b.WriteString("package bpf\n\nimport (\n\t\"unsafe\"\n\n\t\"tinybpf.io/sdk/internal/hooks\"\n)\n\n")
	b.WriteString("// Host versions of the helpers, for go test: a hook set through bpftest.Helpers wins; then\n")
	b.WriteString("// the SDK's own host implementation (host.go); a helper with neither panics, naming the hook.\n\n")
	b.WriteString("var _ unsafe.Pointer\n\n")
	for _, h := range hs {
		_, raw := h.retTypes()
		var args []string
		for _, p := range h.params {
			args = append(args, p.goName)
		}
		call := "(" + strings.Join(args, ", ") + ")"
		ret := ""
		if raw != "" {
			ret = "return "
		}
		fmt.Fprintf(&b, "func %s%s {\n", h.rawName(), rawSignature(h))
		fmt.Fprintf(&b, "\tif f := hooks.Helpers.%s; f != nil {\n\t\t%sf%s\n", h.GoName(), ret, call)
		if raw == "" {
			b.WriteString("\t\treturn\n")
		}
		b.WriteString("\t}\n")
		if defaults[h.GoName()] {
			fmt.Fprintf(&b, "\t%shost%s%s\n", ret, h.GoName(), call)
		} else {
			fmt.Fprintf(&b, "\tpanic(hooks.Missing(%q, %q))\n", "bpf_"+h.name, h.GoName())
		}
		b.WriteString("}\n\n")
	}
	return b.Bytes()
}

func hooksFile(hs []helper) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, banner, "bpf_helper_defs.h")
	b.WriteString("package hooks\n\nimport \"unsafe\"\n\n")
	b.WriteString("var _ unsafe.Pointer\n\n")
	b.WriteString("// Table holds one optional replacement per BPF helper for host tests (bpftest.Helpers).\n")
	b.WriteString("// Arguments are as the kernel passes them: pointers are unsafe.Pointer.\n")
	b.WriteString("type Table struct {\n")
	for _, h := range hs {
		fmt.Fprintf(&b, "\t%s func%s // bpf_%s\n", h.GoName(), rawSignature(h), h.name)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// hostDefaults finds the SDK's host implementations: functions named host<GoName> in the bpf
// package's own (non-generated) files.
func hostDefaults(dir string) (map[string]bool, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasPrefix(n, "helpers") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "host") {
				out[strings.TrimPrefix(fn.Name.Name, "host")] = true
			}
		}
	}
	return out, nil
}
