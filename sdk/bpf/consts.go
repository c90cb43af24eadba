package bpf

// Constants of the kernel's BPF ABI (include/uapi/linux/bpf.h, linux/pkt_cls.h, linux/if_ether.h,
// linux/in.h), named and typed so that programs use no magic numbers. Values are those of
// Linux 6.18; the ABI only ever adds to them.

// MapType is a BPF map type (enum bpf_map_type). The map types of this package set it for you;
// the constants are for raw map definitions and for documentation.
type MapType uint32

const (
	MapTypeHash                MapType = 1  // BPF_MAP_TYPE_HASH
	MapTypeArray               MapType = 2  // BPF_MAP_TYPE_ARRAY
	MapTypeProgArray           MapType = 3  // BPF_MAP_TYPE_PROG_ARRAY
	MapTypePerfEventArray      MapType = 4  // BPF_MAP_TYPE_PERF_EVENT_ARRAY
	MapTypePerCPUHash          MapType = 5  // BPF_MAP_TYPE_PERCPU_HASH
	MapTypePerCPUArray         MapType = 6  // BPF_MAP_TYPE_PERCPU_ARRAY
	MapTypeStackTrace          MapType = 7  // BPF_MAP_TYPE_STACK_TRACE
	MapTypeCgroupArray         MapType = 8  // BPF_MAP_TYPE_CGROUP_ARRAY
	MapTypeLRUHash             MapType = 9  // BPF_MAP_TYPE_LRU_HASH
	MapTypeLRUPerCPUHash       MapType = 10 // BPF_MAP_TYPE_LRU_PERCPU_HASH
	MapTypeLPMTrie             MapType = 11 // BPF_MAP_TYPE_LPM_TRIE
	MapTypeArrayOfMaps         MapType = 12 // BPF_MAP_TYPE_ARRAY_OF_MAPS
	MapTypeHashOfMaps          MapType = 13 // BPF_MAP_TYPE_HASH_OF_MAPS
	MapTypeDevMap              MapType = 14 // BPF_MAP_TYPE_DEVMAP
	MapTypeSockMap             MapType = 15 // BPF_MAP_TYPE_SOCKMAP
	MapTypeCPUMap              MapType = 16 // BPF_MAP_TYPE_CPUMAP
	MapTypeXskMap              MapType = 17 // BPF_MAP_TYPE_XSKMAP
	MapTypeSockHash            MapType = 18 // BPF_MAP_TYPE_SOCKHASH
	MapTypeCgroupStorage       MapType = 19 // BPF_MAP_TYPE_CGROUP_STORAGE
	MapTypeReuseportSockArray  MapType = 20 // BPF_MAP_TYPE_REUSEPORT_SOCKARRAY
	MapTypePerCPUCgroupStorage MapType = 21 // BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE
	MapTypeQueue               MapType = 22 // BPF_MAP_TYPE_QUEUE
	MapTypeStack               MapType = 23 // BPF_MAP_TYPE_STACK
	MapTypeSkStorage           MapType = 24 // BPF_MAP_TYPE_SK_STORAGE
	MapTypeDevMapHash          MapType = 25 // BPF_MAP_TYPE_DEVMAP_HASH
	MapTypeStructOps           MapType = 26 // BPF_MAP_TYPE_STRUCT_OPS
	MapTypeRingBuf             MapType = 27 // BPF_MAP_TYPE_RINGBUF
	MapTypeInodeStorage        MapType = 28 // BPF_MAP_TYPE_INODE_STORAGE
	MapTypeTaskStorage         MapType = 29 // BPF_MAP_TYPE_TASK_STORAGE
	MapTypeBloomFilter         MapType = 30 // BPF_MAP_TYPE_BLOOM_FILTER
	MapTypeUserRingBuf         MapType = 31 // BPF_MAP_TYPE_USER_RINGBUF
	MapTypeCgrpStorage         MapType = 32 // BPF_MAP_TYPE_CGRP_STORAGE
	MapTypeArena               MapType = 33 // BPF_MAP_TYPE_ARENA
)

// MapFlag is a flag of a map definition (the MapFlags field of every map type).
type MapFlag = uint32

const (
	NoPrealloc    MapFlag = 1 << 0  // BPF_F_NO_PREALLOC: allocate elements on demand (required by LPM tries)
	NoCommonLRU   MapFlag = 1 << 1  // BPF_F_NO_COMMON_LRU: an LRU list per CPU
	NumaNode      MapFlag = 1 << 2  // BPF_F_NUMA_NODE
	ReadOnly      MapFlag = 1 << 3  // BPF_F_RDONLY: read-only for userspace
	WriteOnly     MapFlag = 1 << 4  // BPF_F_WRONLY: write-only for userspace
	StackBuildID  MapFlag = 1 << 5  // BPF_F_STACK_BUILD_ID
	ZeroSeed      MapFlag = 1 << 6  // BPF_F_ZERO_SEED
	ReadOnlyProg  MapFlag = 1 << 7  // BPF_F_RDONLY_PROG: read-only for programs
	WriteOnlyProg MapFlag = 1 << 8  // BPF_F_WRONLY_PROG: write-only for programs
	Clone         MapFlag = 1 << 9  // BPF_F_CLONE
	Mmapable      MapFlag = 1 << 10 // BPF_F_MMAPABLE: the array can be mmap()ed
	PreserveElems MapFlag = 1 << 11 // BPF_F_PRESERVE_ELEMS
	InnerMap      MapFlag = 1 << 12 // BPF_F_INNER_MAP
)

// Pinning says whether libbpf pins a map in bpffs (the Pinning field of every map type).
type Pinning = uint32

const (
	PinNone   Pinning = 0 // LIBBPF_PIN_NONE: not pinned
	PinByName Pinning = 1 // LIBBPF_PIN_BY_NAME: pinned (and reused) at <pin root>/<map name>
)

// UpdateFlag says how an update treats an existing element (bpf_map_update_elem's flags).
type UpdateFlag = uint64

const (
	Any     UpdateFlag = 0 // BPF_ANY: create a new element or update an existing one
	NoExist UpdateFlag = 1 // BPF_NOEXIST: create a new element only if it did not exist
	Exist   UpdateFlag = 2 // BPF_EXIST: update an existing element
	Lock    UpdateFlag = 4 // BPF_F_LOCK: take the value's bpf_spin_lock while updating
)

// Flags of bpf_perf_event_output and bpf_perf_event_read_value: the index of the perf buffer,
// or CurrentCPU.
const (
	IndexMask  uint64 = 0xffffffff // BPF_F_INDEX_MASK
	CurrentCPU uint64 = 0xffffffff // BPF_F_CURRENT_CPU: the buffer of the CPU the program runs on
	CtxLenMask uint64 = 0xfffff << 32
)

// Flags of the ring buffer helpers (bpf_ringbuf_output, _submit, _discard) and the query
// selectors of bpf_ringbuf_query.
const (
	RingBufNoWakeup    uint64 = 1 // BPF_RB_NO_WAKEUP: do not wake up the consumer
	RingBufForceWakeup uint64 = 2 // BPF_RB_FORCE_WAKEUP: wake up the consumer unconditionally

	RingBufAvailData uint64 = 0 // BPF_RB_AVAIL_DATA: bytes not yet consumed
	RingBufRingSize  uint64 = 1 // BPF_RB_RING_SIZE: the size of the ring
	RingBufConsPos   uint64 = 2 // BPF_RB_CONS_POS: consumer position
	RingBufProdPos   uint64 = 3 // BPF_RB_PROD_POS: producer position
)

// Flags of bpf_skb_store_bytes, bpf_l3_csum_replace and friends.
const (
	RecomputeCsum  uint64 = 1 // BPF_F_RECOMPUTE_CSUM
	InvalidateHash uint64 = 2 // BPF_F_INVALIDATE_HASH
	PseudoHdr      uint64 = 0x10
	MarkMangled0   uint64 = 0x20
	MarkEnforce    uint64 = 0x40
)

// Flags of bpf_redirect and bpf_redirect_map.
const (
	Ingress        uint64 = 1  // BPF_F_INGRESS: redirect to the ingress path of the device
	Broadcast      uint64 = 8  // BPF_F_BROADCAST
	ExcludeIngress uint64 = 16 // BPF_F_EXCLUDE_INGRESS
)

// Flags of bpf_get_stackid and bpf_get_stack.
const (
	SkipFieldMask uint64 = 0xff   // BPF_F_SKIP_FIELD_MASK: frames to skip
	UserStack     uint64 = 1 << 8 // BPF_F_USER_STACK: the user stack instead of the kernel's
	FastStackCmp  uint64 = 1 << 9 // BPF_F_FAST_STACK_CMP
	ReuseStackID  uint64 = 1 << 10
)

// Start headers of bpf_skb_load_bytes_relative.
const (
	HdrStartMac uint32 = 0 // BPF_HDR_START_MAC: offsets from the link-layer header
	HdrStartNet uint32 = 1 // BPF_HDR_START_NET: offsets from the network header
)

// Return codes of XDP programs (enum xdp_action).
const (
	XdpAborted  int32 = 0 // XDP_ABORTED: drop and raise the xdp_exception tracepoint
	XdpDrop     int32 = 1 // XDP_DROP: drop the packet
	XdpPass     int32 = 2 // XDP_PASS: hand the packet to the network stack
	XdpTx       int32 = 3 // XDP_TX: send it back out of the interface it came in on
	XdpRedirect int32 = 4 // XDP_REDIRECT: redirect (after bpf_redirect or bpf_redirect_map)
)

// Return codes of tc (sched_cls and sched_act) programs (linux/pkt_cls.h).
const (
	TcActUnspec     int32 = -1 // TC_ACT_UNSPEC: the qdisc's default action
	TcActOK         int32 = 0  // TC_ACT_OK: pass the packet on
	TcActReclassify int32 = 1  // TC_ACT_RECLASSIFY
	TcActShot       int32 = 2  // TC_ACT_SHOT: drop the packet
	TcActPipe       int32 = 3  // TC_ACT_PIPE: continue with the next action
	TcActStolen     int32 = 4  // TC_ACT_STOLEN: consumed
	TcActQueued     int32 = 5  // TC_ACT_QUEUED
	TcActRepeat     int32 = 6  // TC_ACT_REPEAT
	TcActRedirect   int32 = 7  // TC_ACT_REDIRECT: redirect (after bpf_redirect)
	TcActTrap       int32 = 8  // TC_ACT_TRAP
)

// Return codes of sk_skb, sk_msg, sk_reuseport and sk_lookup programs (enum sk_action).
const (
	SkDrop int32 = 0 // SK_DROP
	SkPass int32 = 1 // SK_PASS
)

// Return codes of cgroup programs (cgroup/skb, cgroup/connect4, cgroup/sock, sysctl, ...).
const (
	CgroupReject int32 = 0 // the operation fails (connect() returns EPERM, the packet is dropped)
	CgroupAllow  int32 = 1 // the operation proceeds
)

// Socket filter programs return how many bytes of the packet to keep; these are the extremes.
const (
	SocketDrop    int32 = 0      // drop the packet
	SocketKeepAll int32 = 0xffff // keep the whole packet (any value ≥ its length does)
)

// EtherType is the protocol of an Ethernet frame's payload, in host byte order (the EthHdr.Type
// accessor converts from the wire).
type EtherType uint16

const (
	EthPIPv4   EtherType = 0x0800 // ETH_P_IP
	EthPARP    EtherType = 0x0806 // ETH_P_ARP
	EthP8021Q  EtherType = 0x8100 // ETH_P_8021Q: VLAN tag
	EthPIPv6   EtherType = 0x86dd // ETH_P_IPV6
	EthP8021AD EtherType = 0x88a8 // ETH_P_8021AD: QinQ
)

// IPProto is an IP protocol number (the IPv4 protocol and IPv6 next-header fields).
type IPProto = uint8

const (
	IPProtoICMP   IPProto = 1   // IPPROTO_ICMP
	IPProtoTCP    IPProto = 6   // IPPROTO_TCP
	IPProtoUDP    IPProto = 17  // IPPROTO_UDP
	IPProtoIPv6   IPProto = 41  // IPPROTO_IPV6: IPv6 in IPv4
	IPProtoGRE    IPProto = 47  // IPPROTO_GRE
	IPProtoICMPv6 IPProto = 58  // IPPROTO_ICMPV6
	IPProtoSCTP   IPProto = 132 // IPPROTO_SCTP
)

// Address families (the Family fields of SockAddr and socket structures).
const (
	AfInet  uint32 = 2  // AF_INET
	AfInet6 uint32 = 10 // AF_INET6
)
