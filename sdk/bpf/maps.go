package bpf

import "unsafe"

// Maps are package-level variables of the types below, e.g.
//
//	var blocklist = bpf.HashMap[[4]byte, uint64]{MaxEntries: 1024}
//
// tinybpf turns each into a libbpf BTF map definition in the object's .maps section, named after
// the variable, with the key and value types in BTF (so bpftool, cilium/ebpf and tinybpf
// generate see them): exactly the definition the hand-written typed form
//
//	var blocklist struct {
//		Type       *[1]int32 // BPF_MAP_TYPE_HASH
//		MaxEntries *[1024]int32
//		Key        *[4]byte
//		Value      *uint64
//	}
//
// gives. The methods are thin wrappers of the map helpers that inline away. The exported fields
// are the map's parameters; the unexported def field carries the map type and the key and value
// types for tinybpf (it takes no space).
//
// A Lookup result is a pointer into the map's memory, or nil when the key is absent: check it
// before use (if v := m.Lookup(&k); v != nil { ... }).

// Map is implemented by every map type of this package. Helpers that take a map (MapLookupElem,
// TailCall, RingbufOutput, ...) accept a pointer to any of them.
type Map interface {
	spec() mapSpec
}

// mapSpec is a map's definition as the host implementation needs it.
type mapSpec struct {
	typ        MapType
	keySize    uintptr
	valueSize  uintptr
	maxEntries uint32
	flags      uint32
}

func sizeOf[T any]() uintptr {
	var v T
	return unsafe.Sizeof(v)
}

// ------------------------------------------------------------------ hash maps

// HashMap is a hash table (BPF_MAP_TYPE_HASH) from K to V.
type HashMap[K comparable, V any] struct {
	MaxEntries uint32  // the most elements the map holds (required)
	MapFlags   MapFlag // e.g. NoPrealloc
	Pinning    Pinning // PinByName: libbpf pins the map in bpffs
	def        [0]struct {
		Type  *[MapTypeHash]int32
		Key   *K
		Value *V
	}
}

// Lookup returns a pointer to key's value in the map, or nil.
func (m *HashMap[K, V]) Lookup(key *K) *V {
	return (*V)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(key)))
}

// Update sets key's value (flags: Any, NoExist, Exist); 0 or a negative errno.
func (m *HashMap[K, V]) Update(key *K, value *V, flags UpdateFlag) int64 {
	return bpfMapUpdateElem(mapPtr(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key; 0 or a negative errno (-ENOENT when absent).
func (m *HashMap[K, V]) Delete(key *K) int64 {
	return bpfMapDeleteElem(mapPtr(m), unsafe.Pointer(key))
}

func (m HashMap[K, V]) spec() mapSpec {
	return mapSpec{MapTypeHash, sizeOf[K](), sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// PerCPUHash is a hash table with one value per CPU (BPF_MAP_TYPE_PERCPU_HASH): Lookup returns
// the value of the CPU the program runs on; userspace sees all of them.
type PerCPUHash[K comparable, V any] struct {
	MaxEntries uint32
	MapFlags   MapFlag
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypePerCPUHash]int32
		Key   *K
		Value *V
	}
}

// Lookup returns a pointer to this CPU's value for key, or nil.
func (m *PerCPUHash[K, V]) Lookup(key *K) *V {
	return (*V)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(key)))
}

// LookupCPU returns a pointer to the value of key on the given CPU, or nil.
func (m *PerCPUHash[K, V]) LookupCPU(key *K, cpu uint32) *V {
	return (*V)(bpfMapLookupPercpuElem(mapPtr(m), unsafe.Pointer(key), cpu))
}

// Update sets this CPU's value for key; 0 or a negative errno.
func (m *PerCPUHash[K, V]) Update(key *K, value *V, flags UpdateFlag) int64 {
	return bpfMapUpdateElem(mapPtr(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key (on every CPU); 0 or a negative errno.
func (m *PerCPUHash[K, V]) Delete(key *K) int64 {
	return bpfMapDeleteElem(mapPtr(m), unsafe.Pointer(key))
}

func (m PerCPUHash[K, V]) spec() mapSpec {
	return mapSpec{MapTypePerCPUHash, sizeOf[K](), sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// LRUHash is a hash table that evicts the least recently used element when full
// (BPF_MAP_TYPE_LRU_HASH).
type LRUHash[K comparable, V any] struct {
	MaxEntries uint32
	MapFlags   MapFlag // NoCommonLRU: one LRU list per CPU
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypeLRUHash]int32
		Key   *K
		Value *V
	}
}

// Lookup returns a pointer to key's value, or nil (and marks the element as recently used).
func (m *LRUHash[K, V]) Lookup(key *K) *V {
	return (*V)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(key)))
}

// Update sets key's value, evicting the least recently used element if the map is full.
func (m *LRUHash[K, V]) Update(key *K, value *V, flags UpdateFlag) int64 {
	return bpfMapUpdateElem(mapPtr(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key; 0 or a negative errno.
func (m *LRUHash[K, V]) Delete(key *K) int64 {
	return bpfMapDeleteElem(mapPtr(m), unsafe.Pointer(key))
}

func (m LRUHash[K, V]) spec() mapSpec {
	return mapSpec{MapTypeLRUHash, sizeOf[K](), sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// LRUPerCPUHash is an LRU hash table with one value per CPU (BPF_MAP_TYPE_LRU_PERCPU_HASH).
type LRUPerCPUHash[K comparable, V any] struct {
	MaxEntries uint32
	MapFlags   MapFlag
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypeLRUPerCPUHash]int32
		Key   *K
		Value *V
	}
}

// Lookup returns a pointer to this CPU's value for key, or nil.
func (m *LRUPerCPUHash[K, V]) Lookup(key *K) *V {
	return (*V)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(key)))
}

// Update sets this CPU's value for key; 0 or a negative errno.
func (m *LRUPerCPUHash[K, V]) Update(key *K, value *V, flags UpdateFlag) int64 {
	return bpfMapUpdateElem(mapPtr(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes key; 0 or a negative errno.
func (m *LRUPerCPUHash[K, V]) Delete(key *K) int64 {
	return bpfMapDeleteElem(mapPtr(m), unsafe.Pointer(key))
}

func (m LRUPerCPUHash[K, V]) spec() mapSpec {
	return mapSpec{MapTypeLRUPerCPUHash, sizeOf[K](), sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// ------------------------------------------------------------------ arrays

// Array is a fixed-size array of V indexed from 0 (BPF_MAP_TYPE_ARRAY): every element exists,
// zeroed, from the start.
type Array[V any] struct {
	MaxEntries uint32  // the number of elements (required)
	MapFlags   MapFlag // e.g. Mmapable, ReadOnlyProg
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypeArray]int32
		Key   *uint32
		Value *V
	}
}

// Lookup returns a pointer to element i, or nil when i is out of range.
func (m *Array[V]) Lookup(i uint32) *V {
	return (*V)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(&i)))
}

// Update sets element i; 0 or a negative errno.
func (m *Array[V]) Update(i uint32, value *V, flags UpdateFlag) int64 {
	return bpfMapUpdateElem(mapPtr(m), unsafe.Pointer(&i), unsafe.Pointer(value), flags)
}

func (m Array[V]) spec() mapSpec {
	return mapSpec{MapTypeArray, 4, sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// PerCPUArray is an array with one copy of each element per CPU (BPF_MAP_TYPE_PERCPU_ARRAY):
// counters that need no atomic operations.
type PerCPUArray[V any] struct {
	MaxEntries uint32
	MapFlags   MapFlag
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypePerCPUArray]int32
		Key   *uint32
		Value *V
	}
}

// Lookup returns a pointer to this CPU's element i, or nil when i is out of range.
func (m *PerCPUArray[V]) Lookup(i uint32) *V {
	return (*V)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(&i)))
}

// LookupCPU returns a pointer to element i of the given CPU, or nil.
func (m *PerCPUArray[V]) LookupCPU(i uint32, cpu uint32) *V {
	return (*V)(bpfMapLookupPercpuElem(mapPtr(m), unsafe.Pointer(&i), cpu))
}

// Update sets this CPU's element i; 0 or a negative errno.
func (m *PerCPUArray[V]) Update(i uint32, value *V, flags UpdateFlag) int64 {
	return bpfMapUpdateElem(mapPtr(m), unsafe.Pointer(&i), unsafe.Pointer(value), flags)
}

func (m PerCPUArray[V]) spec() mapSpec {
	return mapSpec{MapTypePerCPUArray, 4, sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// ------------------------------------------------------------------ LPM trie

// LPMKey is the key of an LPM trie (struct bpf_lpm_trie_key): a prefix length in bits, then the
// data it applies to, e.g. LPMKey[[4]byte] for IPv4 addresses in network byte order.
type LPMKey[D any] struct {
	Prefixlen uint32
	Data      D
}

// LPMTrie is a longest-prefix-match trie (BPF_MAP_TYPE_LPM_TRIE): a lookup with a full-length
// key finds the entry with the longest matching prefix. The kernel requires NoPrealloc, which
// the definition always carries.
type LPMTrie[D any, V any] struct {
	MaxEntries uint32
	MapFlags   MapFlag // added to NoPrealloc
	Pinning    Pinning
	def        [0]struct {
		Type     *[MapTypeLPMTrie]int32
		MapFlags *[NoPrealloc]int32
		Key      *LPMKey[D]
		Value    *V
	}
}

// Lookup returns a pointer to the value of the longest prefix matching key, or nil.
func (m *LPMTrie[D, V]) Lookup(key *LPMKey[D]) *V {
	return (*V)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(key)))
}

// Update sets the value of a prefix; 0 or a negative errno.
func (m *LPMTrie[D, V]) Update(key *LPMKey[D], value *V, flags UpdateFlag) int64 {
	return bpfMapUpdateElem(mapPtr(m), unsafe.Pointer(key), unsafe.Pointer(value), flags)
}

// Delete removes a prefix; 0 or a negative errno.
func (m *LPMTrie[D, V]) Delete(key *LPMKey[D]) int64 {
	return bpfMapDeleteElem(mapPtr(m), unsafe.Pointer(key))
}

func (m LPMTrie[D, V]) spec() mapSpec {
	return mapSpec{MapTypeLPMTrie, sizeOf[LPMKey[D]](), sizeOf[V](), m.MaxEntries, m.MapFlags | NoPrealloc}
}

// ------------------------------------------------------------------ queue and stack

// Queue is a FIFO of V without keys (BPF_MAP_TYPE_QUEUE).
type Queue[V any] struct {
	MaxEntries uint32
	MapFlags   MapFlag
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypeQueue]int32
		Value *V
	}
}

// Push appends value (flags Exist: drop the oldest element when full); 0 or a negative errno.
func (m *Queue[V]) Push(value *V, flags UpdateFlag) int64 {
	return bpfMapPushElem(mapPtr(m), unsafe.Pointer(value), flags)
}

// Pop removes the oldest element into value; 0, or -ENOENT when empty.
func (m *Queue[V]) Pop(value *V) int64 { return bpfMapPopElem(mapPtr(m), unsafe.Pointer(value)) }

// Peek copies the oldest element into value without removing it; 0, or -ENOENT when empty.
func (m *Queue[V]) Peek(value *V) int64 { return bpfMapPeekElem(mapPtr(m), unsafe.Pointer(value)) }

func (m Queue[V]) spec() mapSpec {
	return mapSpec{MapTypeQueue, 0, sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// Stack is a LIFO of V without keys (BPF_MAP_TYPE_STACK).
type Stack[V any] struct {
	MaxEntries uint32
	MapFlags   MapFlag
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypeStack]int32
		Value *V
	}
}

// Push adds value on top (flags Exist: drop the oldest element when full); 0 or a negative errno.
func (m *Stack[V]) Push(value *V, flags UpdateFlag) int64 {
	return bpfMapPushElem(mapPtr(m), unsafe.Pointer(value), flags)
}

// Pop removes the top element into value; 0, or -ENOENT when empty.
func (m *Stack[V]) Pop(value *V) int64 { return bpfMapPopElem(mapPtr(m), unsafe.Pointer(value)) }

// Peek copies the top element into value; 0, or -ENOENT when empty.
func (m *Stack[V]) Peek(value *V) int64 { return bpfMapPeekElem(mapPtr(m), unsafe.Pointer(value)) }

func (m Stack[V]) spec() mapSpec {
	return mapSpec{MapTypeStack, 0, sizeOf[V](), m.MaxEntries, m.MapFlags}
}

// ------------------------------------------------------------------ event channels

// RingBuf is a ring buffer shared with userspace (BPF_MAP_TYPE_RINGBUF) carrying records of type
// E. MaxEntries is its size in bytes: a power of two, at least 4096. E is recorded in the
// object's BTF, so tinybpf run decodes the records and tinybpf generate gives userspace the
// same struct.
type RingBuf[E any] struct {
	MaxEntries uint32
	Pinning    Pinning
	def        [0]struct {
		Type  *[MapTypeRingBuf]int32
		Event *E
	}
}

// Output copies event into the ring buffer (flags: RingBufNoWakeup, RingBufForceWakeup or 0);
// 0 or a negative errno (-EAGAIN when full).
func (m *RingBuf[E]) Output(event *E, flags uint64) int64 {
	return bpfRingbufOutput(mapPtr(m), unsafe.Pointer(event), uint64(sizeOf[E]()), flags)
}

// Reserve returns space for one record in the ring buffer, or nil when it is full. Fill it in
// and pass it to Submit or Discard before the program returns.
func (m *RingBuf[E]) Reserve() *E {
	return (*E)(bpfRingbufReserve(mapPtr(m), uint64(sizeOf[E]()), 0))
}

// Submit publishes a record from Reserve.
func (m *RingBuf[E]) Submit(event *E, flags uint64) { bpfRingbufSubmit(unsafe.Pointer(event), flags) }

// Discard drops a record from Reserve.
func (m *RingBuf[E]) Discard(event *E, flags uint64) { bpfRingbufDiscard(unsafe.Pointer(event), flags) }

// Query reports a property of the ring buffer (RingBufAvailData, RingBufRingSize, ...).
func (m *RingBuf[E]) Query(what uint64) uint64 { return bpfRingbufQuery(mapPtr(m), what) }

func (m RingBuf[E]) spec() mapSpec {
	return mapSpec{MapTypeRingBuf, 0, 0, m.MaxEntries, 0}
}

// PerfEventArray sends records of type E to per-CPU perf buffers (BPF_MAP_TYPE_PERF_EVENT_ARRAY).
// MaxEntries may stay 0: libbpf sizes the map to the number of CPUs.
type PerfEventArray[E any] struct {
	MaxEntries uint32
	Pinning    Pinning
	def        [0]struct {
		Type      *[MapTypePerfEventArray]int32
		KeySize   *[4]int32
		ValueSize *[4]int32
		Event     *E
	}
}

// Output sends event to a perf buffer: flags CurrentCPU for this CPU's buffer, or a CPU index.
// ctx is the program's context pointer. 0 or a negative errno.
func (m *PerfEventArray[E]) Output(ctx unsafe.Pointer, event *E, flags uint64) int64 {
	return bpfPerfEventOutput(ctx, mapPtr(m), flags, unsafe.Pointer(event), uint64(sizeOf[E]()))
}

func (m PerfEventArray[E]) spec() mapSpec {
	return mapSpec{MapTypePerfEventArray, 4, 4, m.MaxEntries, 0}
}

// ------------------------------------------------------------------ programs and maps of maps

// ProgArray holds programs for tail calls (BPF_MAP_TYPE_PROG_ARRAY); userspace stores program
// file descriptors in it.
type ProgArray struct {
	MaxEntries uint32
	Pinning    Pinning
	def        [0]struct {
		Type      *[MapTypeProgArray]int32
		KeySize   *[4]int32
		ValueSize *[4]int32
	}
}

// TailCall jumps to the program in slot index and does not return; when the slot is empty it
// returns a negative errno and the program continues.
func (m *ProgArray) TailCall(ctx unsafe.Pointer, index uint32) int64 {
	return bpfTailCall(ctx, mapPtr(m), index)
}

func (m ProgArray) spec() mapSpec {
	return mapSpec{MapTypeProgArray, 4, 4, m.MaxEntries, 0}
}

// ArrayOfMaps is an array whose elements are maps of type M (BPF_MAP_TYPE_ARRAY_OF_MAPS);
// userspace stores the inner maps. InnerMaxEntries is the inner maps' MaxEntries.
type ArrayOfMaps[M Map] struct {
	MaxEntries      uint32
	InnerMaxEntries uint32
	MapFlags        MapFlag
	Pinning         Pinning
	def             [0]struct {
		Type   *[MapTypeArrayOfMaps]int32
		Key    *uint32
		Values [0]*M
	}
}

// Lookup returns the inner map in slot i, or nil.
func (m *ArrayOfMaps[M]) Lookup(i uint32) *M {
	return (*M)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(&i)))
}

func (m ArrayOfMaps[M]) spec() mapSpec {
	return mapSpec{MapTypeArrayOfMaps, 4, 4, m.MaxEntries, m.MapFlags}
}

// HashOfMaps is a hash table whose values are maps of type M (BPF_MAP_TYPE_HASH_OF_MAPS).
type HashOfMaps[K comparable, M Map] struct {
	MaxEntries      uint32
	InnerMaxEntries uint32
	MapFlags        MapFlag
	Pinning         Pinning
	def             [0]struct {
		Type   *[MapTypeHashOfMaps]int32
		Key    *K
		Values [0]*M
	}
}

// Lookup returns the inner map stored under key, or nil.
func (m *HashOfMaps[K, M]) Lookup(key *K) *M {
	return (*M)(bpfMapLookupElem(mapPtr(m), unsafe.Pointer(key)))
}

func (m HashOfMaps[K, M]) spec() mapSpec {
	return mapSpec{MapTypeHashOfMaps, sizeOf[K](), 4, m.MaxEntries, m.MapFlags}
}
