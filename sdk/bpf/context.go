package bpf

import "unsafe"

// Program contexts: the structure a program's one parameter points to, by program type. Declare
// the program with the matching pointer type:
//
//	//export xdp_filter
//	func xdp_filter(ctx *bpf.XdpMd) int32
//
// The layouts are the kernel's (include/uapi/linux/bpf.h, arch/x86/include/asm/ptrace.h). The
// verifier rewrites context field reads into reads of the kernel's internal structures, so read
// them as declared (a 4-byte read of a 4-byte field), as the accessors here do.

// XdpMd is the context of XDP programs (struct xdp_md). Data and DataEnd are packet addresses
// the kernel rewrites at load time; use Packet for bounds-checked access to the packet.
type XdpMd struct {
	Data           uint32
	DataEnd        uint32
	DataMeta       uint32
	IngressIfindex uint32 // the interface the packet arrived on
	RxQueueIndex   uint32
	EgressIfindex  uint32 // for programs in a devmap
}

// SkBuff is the context of socket filter, tc (sched_cls/sched_act), cgroup skb and other
// socket buffer programs (struct __sk_buff). Which fields a program type may read or write is
// the kernel's rule; the verifier refuses the rest at load.
type SkBuff struct {
	Len            uint32
	PktType        uint32
	Mark           uint32
	QueueMapping   uint32
	Protocol       uint32 // EtherType in network byte order
	VlanPresent    uint32
	VlanTci        uint32
	VlanProto      uint32
	Priority       uint32
	IngressIfindex uint32
	Ifindex        uint32
	TcIndex        uint32
	Cb             [5]uint32 // scratch space shared between programs
	Hash           uint32
	TcClassid      uint32
	Data           uint32 // direct packet access (tc, cgroup skb): use Packet
	DataEnd        uint32
	NapiID         uint32
	Family         uint32
	RemoteIP4      uint32 // network byte order
	LocalIP4       uint32
	RemoteIP6      [4]uint32
	LocalIP6       [4]uint32
	RemotePort     uint32 // network byte order
	LocalPort      uint32 // host byte order
	DataMeta       uint32
	FlowKeys       uint64 // struct bpf_flow_keys * (flow dissector programs)
	Tstamp         uint64
	WireLen        uint32
	GsoSegs        uint32
	Sk             uint64 // struct bpf_sock *
	GsoSize        uint32
	TstampType     uint8
	_              [3]uint8
	Hwtstamp       uint64
}

// SockAddr is the context of cgroup sock_addr programs: connect4/6, bind4/6, sendmsg4/6,
// recvmsg4/6, getpeername, getsockname (struct bpf_sock_addr). Addresses and ports are in
// network byte order, as the system call received them.
type SockAddr struct {
	UserFamily uint32
	UserIP4    uint32
	UserIP6    [4]uint32
	UserPort   uint32
	Family     uint32
	Type       uint32
	Protocol   uint32
	MsgSrcIP4  uint32
	MsgSrcIP6  [4]uint32
	Sk         uint64 // struct bpf_sock *
}

// PtRegs is the context of kprobe, kretprobe, uprobe and uretprobe programs: the registers at
// the probed instruction (struct pt_regs of x86-64).
type PtRegs struct {
	R15, R14, R13, R12, Bp, Bx, R11, R10, R9, R8 uint64
	Ax, Cx, Dx, Si, Di, OrigAx, Ip, Cs, Flags    uint64
	Sp, Ss                                       uint64
}

// Arg returns argument n (0-5) of the probed function under the x86-64 System V calling
// convention (di, si, dx, cx, r8, r9); 0 for other n. With a constant n it is one load.
func (r *PtRegs) Arg(n int) uint64 {
	switch n {
	case 0:
		return r.Di
	case 1:
		return r.Si
	case 2:
		return r.Dx
	case 3:
		return r.Cx
	case 4:
		return r.R8
	case 5:
		return r.R9
	}
	return 0
}

// Ret returns the probed function's return value (in a kretprobe or uretprobe).
func (r *PtRegs) Ret() uint64 { return r.Ax }

// IP returns the instruction pointer.
func (r *PtRegs) IP() uint64 { return r.Ip }

// SP returns the stack pointer.
func (r *PtRegs) SP() uint64 { return r.Sp }

// RawTracepointArgs is the context of raw_tracepoint programs (struct bpf_raw_tracepoint_args):
// the tracepoint's arguments as 64-bit values, e.g. for sched_process_exec the task, the pid and
// the linux_binprm.
type RawTracepointArgs struct {
	args [12]uint64
}

// Arg returns argument n. The verifier refuses reads beyond the tracepoint's arguments.
func (a *RawTracepointArgs) Arg(n int) uint64 { return a.args[n] }

// Pointer returns argument n as a pointer (to kernel memory: read it with ProbeReadKernel or
// through a CO-RE type).
func (a *RawTracepointArgs) Pointer(n int) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&a.args[n]))
}

// TracepointCommon is the header every tracepoint's context starts with (the "common_" fields of
// its tracefs format file); tinybpf generate --tracepoint writes structs that embed it.
type TracepointCommon struct {
	Type         uint16
	Flags        uint8
	PreemptCount uint8
	Pid          int32
}
