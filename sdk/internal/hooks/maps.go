package hooks

import (
	"bytes"
	"encoding/binary"
	"sort"
	"sync"
	"unsafe"
)

// Host maps: the in-memory stand-ins of BPF maps that programs use under go test. Each SDK map
// variable is registered by its address the first time a helper sees it, with the definition
// its Go type gives, and behaves as the kernel's map of that type does (element limits, update
// flags, array semantics, LRU eviction, longest-prefix match, FIFO/LIFO, records).

// Errnos the kernel's map helpers return (negated).
const (
	ENOENT = 2
	E2BIG  = 7
	EAGAIN = 11
	EFAULT = 14
	EBUSY  = 16
	EEXIST = 17
	EINVAL = 22
)

// Map types the host implementation distinguishes (enum bpf_map_type).
const (
	typeHash           = 1
	typeArray          = 2
	typeProgArray      = 3
	typePerfEventArray = 4
	typePerCPUHash     = 5
	typePerCPUArray    = 6
	typeLRUHash        = 9
	typeLRUPerCPUHash  = 10
	typeLPMTrie        = 11
	typeArrayOfMaps    = 12
	typeHashOfMaps     = 13
	typeQueue          = 22
	typeStack          = 23
	typeRingBuf        = 27
)

// MapSpec is a map's definition.
type MapSpec struct {
	Type       uint32
	KeySize    uintptr
	ValueSize  uintptr
	MaxEntries uint32
	Flags      uint32
}

// HostMap is one map's contents.
type HostMap struct {
	Spec MapSpec

	mu      sync.Mutex
	order   []string            // keys, oldest (least recently used) first
	values  map[string][]uint64 // value storage (8-byte aligned, stable addresses); per-CPU: NumCPU copies
	inner   map[string]unsafe.Pointer
	items   [][]uint64 // queue / stack
	records [][]byte   // ring buffer / perf records, in order
	progs   map[uint32]func(unsafe.Pointer) int32
}

var (
	mapsMu sync.Mutex
	maps   = map[unsafe.Pointer]*HostMap{}
	// NumCPU is the number of CPUs per-CPU maps have on the host; CPU is the one programs run on.
	NumCPU uint32 = 1
	CPU    uint32
)

// Register returns the host map of the map variable at p, creating it from spec() the first time.
func Register(p unsafe.Pointer, spec func() MapSpec) *HostMap {
	mapsMu.Lock()
	defer mapsMu.Unlock()
	if m := maps[p]; m != nil {
		return m
	}
	m := &HostMap{Spec: spec(), values: map[string][]uint64{}, inner: map[string]unsafe.Pointer{}, progs: map[uint32]func(unsafe.Pointer) int32{}}
	maps[p] = m
	return m
}

// MapOf registers and returns the host map of an SDK map given as an interface value (set by
// package bpf's host side, used by bpftest).
var MapOf func(m any) *HostMap

// Lookup returns the host map registered at p, or nil.
func Lookup(p unsafe.Pointer) *HostMap {
	mapsMu.Lock()
	defer mapsMu.Unlock()
	return maps[p]
}

// ResetMaps forgets every map's contents (the maps stay registered with empty contents).
func ResetMaps() {
	mapsMu.Lock()
	defer mapsMu.Unlock()
	for p, m := range maps {
		maps[p] = &HostMap{Spec: m.Spec, values: map[string][]uint64{}, inner: map[string]unsafe.Pointer{}, progs: map[uint32]func(unsafe.Pointer) int32{}}
	}
	pendingMu.Lock()
	pending = map[unsafe.Pointer]reservation{}
	pendingMu.Unlock()
}

// words allocates n zeroed bytes, 8-byte aligned (values may hold uint64s), at least one word
// so that even an empty value has an address.
func words(n uintptr) []uint64 { return make([]uint64, max((n+7)/8, 1)) }

func bytesOf(p unsafe.Pointer, n uintptr) []byte {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(p), n)
}

func wordBytes(w []uint64) []byte {
	if len(w) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&w[0])), len(w)*8)
}

func (m *HostMap) perCPU() bool {
	t := m.Spec.Type
	return t == typePerCPUHash || t == typePerCPUArray || t == typeLRUPerCPUHash
}

func (m *HostMap) isArray() bool {
	t := m.Spec.Type
	return t == typeArray || t == typePerCPUArray || t == typeArrayOfMaps || t == typeProgArray
}

func (m *HostMap) slot() uintptr { return (m.Spec.ValueSize + 7) / 8 * 8 }

func (m *HostMap) index(key unsafe.Pointer) (uint32, bool) {
	i := *(*uint32)(key)
	return i, i < m.Spec.MaxEntries
}

// element returns the storage of key, creating zeroed storage for array indexes.
func (m *HostMap) element(k string, create bool) []uint64 {
	v := m.values[k]
	if v == nil && create {
		n := m.slot()
		if m.perCPU() {
			n *= uintptr(NumCPU)
		}
		v = words(n)
		m.values[k] = v
	}
	return v
}

func (m *HostMap) touch(k string) {
	for i, o := range m.order {
		if o == k {
			m.order = append(append(m.order[:i:i], m.order[i+1:]...), k)
			return
		}
	}
}

func (m *HostMap) cpuValue(v []uint64, cpu uint32) unsafe.Pointer {
	off := uintptr(0)
	if m.perCPU() {
		off = m.slot() * uintptr(cpu)
	}
	return unsafe.Add(unsafe.Pointer(&v[0]), off)
}

// LookupElem is bpf_map_lookup_elem (cpu: bpf_map_lookup_percpu_elem, or CPU).
func (m *HostMap) LookupElem(key unsafe.Pointer, cpu uint32) unsafe.Pointer {
	m.mu.Lock()
	defer m.mu.Unlock()
	if cpu >= NumCPU {
		return nil
	}
	switch {
	case m.Spec.Type == typeArrayOfMaps || m.Spec.Type == typeHashOfMaps:
		return m.inner[m.keyString(key)]
	case m.Spec.Type == typeLPMTrie:
		k := m.lpmMatch(key)
		if k == "" {
			return nil
		}
		return unsafe.Pointer(&m.values[k][0])
	case m.isArray():
		if _, ok := m.index(key); !ok {
			return nil
		}
		return m.cpuValue(m.element(m.keyString(key), true), cpu)
	}
	k := m.keyString(key)
	v := m.values[k]
	if v == nil {
		return nil
	}
	if m.Spec.Type == typeLRUHash || m.Spec.Type == typeLRUPerCPUHash {
		m.touch(k)
	}
	return m.cpuValue(v, cpu)
}

func (m *HostMap) keyString(key unsafe.Pointer) string {
	return string(bytesOf(key, m.Spec.KeySize))
}

// UpdateElem is bpf_map_update_elem.
func (m *HostMap) UpdateElem(key, value unsafe.Pointer, flags uint64) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if flags&^7 != 0 || flags&3 == 3 {
		return -EINVAL
	}
	k := m.keyString(key)
	if m.isArray() {
		if _, ok := m.index(key); !ok {
			return -E2BIG
		}
		if flags&3 == 1 {
			return -EEXIST
		}
	} else {
		_, exists := m.values[k]
		switch {
		case flags&3 == 1 && exists:
			return -EEXIST
		case flags&3 == 2 && !exists:
			return -ENOENT
		case !exists && uint32(len(m.values)) >= m.Spec.MaxEntries:
			if m.Spec.Type != typeLRUHash && m.Spec.Type != typeLRUPerCPUHash {
				return -E2BIG
			}
			oldest := m.order[0]
			m.order = m.order[1:]
			delete(m.values, oldest)
		}
		if !exists {
			m.order = append(m.order, k)
		} else {
			m.touch(k)
		}
	}
	v := m.element(k, true)
	// a program's update writes this CPU's copy (userspace writes all: see SetAll)
	copy(bytesOf(m.cpuValue(v, CPU), m.Spec.ValueSize), bytesOf(value, m.Spec.ValueSize))
	return 0
}

// DeleteElem is bpf_map_delete_elem.
func (m *HostMap) DeleteElem(key unsafe.Pointer) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.isArray() {
		return -EINVAL
	}
	k := m.keyString(key)
	if _, ok := m.values[k]; !ok {
		if _, ok := m.inner[k]; ok {
			delete(m.inner, k)
			return 0
		}
		return -ENOENT
	}
	delete(m.values, k)
	for i, o := range m.order {
		if o == k {
			m.order = append(m.order[:i:i], m.order[i+1:]...)
			break
		}
	}
	return 0
}

// lpmMatch finds the stored key with the longest prefix that matches key (struct
// bpf_lpm_trie_key: u32 prefix length in bits, then the data).
func (m *HostMap) lpmMatch(key unsafe.Pointer) string {
	kb := bytesOf(key, m.Spec.KeySize)
	want := binary.LittleEndian.Uint32(kb)
	best, bestLen := "", int64(-1)
	for k := range m.values {
		plen := binary.LittleEndian.Uint32([]byte(k))
		if plen > want || int64(plen) <= bestLen {
			continue
		}
		if prefixEqual([]byte(k)[4:], kb[4:], plen) {
			best, bestLen = k, int64(plen)
		}
	}
	return best
}

func prefixEqual(a, b []byte, bits uint32) bool {
	full := int(bits / 8)
	if full > len(a) || full > len(b) {
		return false
	}
	if !bytes.Equal(a[:full], b[:full]) {
		return false
	}
	if rem := bits % 8; rem != 0 {
		mask := byte(0xff << (8 - rem))
		return a[full]&mask == b[full]&mask
	}
	return true
}

// PushElem is bpf_map_push_elem (queues and stacks).
func (m *HostMap) PushElem(value unsafe.Pointer, flags uint64) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if uint32(len(m.items)) >= m.Spec.MaxEntries {
		if flags&2 == 0 {
			return -E2BIG
		}
		m.items = m.items[1:] // BPF_EXIST: the oldest element makes room
	}
	v := words(m.Spec.ValueSize)
	copy(wordBytes(v), bytesOf(value, m.Spec.ValueSize))
	m.items = append(m.items, v)
	return 0
}

// PopElem is bpf_map_pop_elem; PeekElem (remove=false) bpf_map_peek_elem.
func (m *HostMap) PopElem(value unsafe.Pointer, remove bool) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.items) == 0 {
		return -ENOENT
	}
	i := 0
	if m.Spec.Type == typeStack {
		i = len(m.items) - 1
	}
	copy(bytesOf(value, m.Spec.ValueSize), wordBytes(m.items[i]))
	if remove {
		m.items = append(m.items[:i:i], m.items[i+1:]...)
	}
	return 0
}

// Output appends a record (bpf_ringbuf_output, bpf_perf_event_output).
func (m *HostMap) Output(data unsafe.Pointer, size uint64) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records = append(m.records, bytes.Clone(bytesOf(data, uintptr(size))))
	return 0
}

// Records returns the records output so far and, with take, forgets them.
func (m *HostMap) Records(take bool) [][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.records
	if take {
		m.records = nil
	}
	return r
}

type reservation struct {
	m    *HostMap
	buf  []uint64
	size uint64
}

var (
	pendingMu sync.Mutex
	pending   = map[unsafe.Pointer]reservation{}
)

// Reserve is bpf_ringbuf_reserve.
func (m *HostMap) Reserve(size uint64) unsafe.Pointer {
	if size == 0 || size > uint64(m.Spec.MaxEntries) {
		return nil
	}
	buf := words(uintptr(size))
	p := unsafe.Pointer(&buf[0])
	pendingMu.Lock()
	pending[p] = reservation{m, buf, size}
	pendingMu.Unlock()
	return p
}

// Commit is bpf_ringbuf_submit (keep) and bpf_ringbuf_discard.
func Commit(data unsafe.Pointer, keep bool) {
	pendingMu.Lock()
	r, ok := pending[data]
	delete(pending, data)
	pendingMu.Unlock()
	if !ok {
		panic("bpf_ringbuf_submit/discard of a pointer that bpf_ringbuf_reserve did not return (or was already submitted)")
	}
	if keep {
		r.m.Output(unsafe.Pointer(&r.buf[0]), r.size)
	}
}

// SetInner stores an inner map (map-in-map) under key.
func (m *HostMap) SetInner(key unsafe.Pointer, inner unsafe.Pointer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inner[m.keyString(key)] = inner
}

// SetProg stores a program in a program array slot (nil clears it).
func (m *HostMap) SetProg(index uint32, prog func(unsafe.Pointer) int32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if prog == nil {
		delete(m.progs, index)
	} else {
		m.progs[index] = prog
	}
}

// Prog returns the program in a slot, or nil.
func (m *HostMap) Prog(index uint32) func(unsafe.Pointer) int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.progs[index]
}

// Entry is one element as tests see it: key and one value per CPU.
type Entry struct {
	Key    []byte
	Values [][]byte
}

// Entries returns the elements in key order (array maps: only elements written so far).
func (m *HostMap) Entries() []Entry {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.values))
	for k := range m.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Entry
	for _, k := range keys {
		e := Entry{Key: []byte(k)}
		v := m.values[k]
		n := uint32(1)
		if m.perCPU() {
			n = NumCPU
		}
		for c := uint32(0); c < n; c++ {
			e.Values = append(e.Values, bytes.Clone(bytesOf(m.cpuValue(v, c), m.Spec.ValueSize)))
		}
		out = append(out, e)
	}
	return out
}

// SetAll sets key's value on every CPU, as userspace updates do.
func (m *HostMap) SetAll(key, value unsafe.Pointer) int64 {
	save := CPU
	defer func() { CPU = save }()
	n := uint32(1)
	if m.perCPU() {
		n = NumCPU
	}
	for c := uint32(0); c < n; c++ {
		CPU = c
		if r := m.UpdateElem(key, value, 0); r != 0 {
			return r
		}
	}
	return 0
}
