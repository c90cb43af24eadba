package io.tinybpf.bpf;

import static io.tinybpf.bpf.SectionDef.Target.NONE;
import static io.tinybpf.bpf.SectionDef.Target.OPTIONAL;
import static io.tinybpf.bpf.SectionDef.Target.REQUIRED;

import io.tinybpf.bpf.SectionDef.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What tinybpf knows about each kind of BPF program, in one place: the ELF sections that name it
 * (libbpf's conventions), what its return value means, the value a failed Go check returns
 * instead of panicking, how {@code BPF_PROG_TEST_RUN} feeds it, how {@code tinybpf run} attaches
 * it, and what the kernel must have for it. The transform, {@code test}, {@code run}, the kernel
 * bindings and the tests all read this table; adding a program kind is one entry here (plus its
 * tests).
 */
public enum ProgramKind {
    SOCKET_FILTER("socket filter on a socket's packets", Returns.SOCKET_FILTER, 0, TestInput.PACKET, Attach.SOCKET, Set.of(),
            row("socket", NONE, ProgramType.SOCKET_FILTER, null, "socket", "")),
    SK_REUSEPORT("SO_REUSEPORT socket selection", Returns.SK, 0, TestInput.NONE, Attach.SOCKET, Set.of(),
            row("sk_reuseport/migrate", NONE, ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE, "sk_reuseport", ""),
            row("sk_reuseport", NONE, ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT, "sk_reuseport", "")),
    KPROBE("kernel function entry or return probe", Returns.NONE, 0, TestInput.NONE, Attach.KPROBE, Set.of(Need.KPROBES),
            row("kprobe", REQUIRED, ProgramType.KPROBE, null, "kprobe", ""),
            row("kretprobe", REQUIRED, ProgramType.KPROBE, null, "kretprobe", ""),
            row("kprobe.multi", REQUIRED, ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, "kprobe.multi", ""),
            row("kretprobe.multi", REQUIRED, ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, "kretprobe.multi", ""),
            row("kprobe.session", REQUIRED, ProgramType.KPROBE, AttachType.TRACE_KPROBE_SESSION, "kprobe.session", ""),
            row("ksyscall", REQUIRED, ProgramType.KPROBE, null, "ksyscall", ""),
            row("kretsyscall", REQUIRED, ProgramType.KPROBE, null, "kretsyscall", "")),
    UPROBE("user-space function probe", Returns.NONE, 0, TestInput.NONE, Attach.UPROBE, Set.of(Need.UPROBES),
            row("uprobe", OPTIONAL, ProgramType.KPROBE, null, "uprobe", ""),
            row("uprobe.s", OPTIONAL, ProgramType.KPROBE, null, "uprobe", "s"),
            row("uretprobe", OPTIONAL, ProgramType.KPROBE, null, "uretprobe", ""),
            row("uretprobe.s", OPTIONAL, ProgramType.KPROBE, null, "uretprobe", "s"),
            row("uprobe.multi", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uprobe.multi", ""),
            row("uretprobe.multi", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uretprobe.multi", ""),
            row("uprobe.session", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION, "uprobe.session", ""),
            row("uprobe.multi.s", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uprobe.multi", "s"),
            row("uretprobe.multi.s", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uretprobe.multi", "s"),
            row("uprobe.session.s", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION, "uprobe.session", "s"),
            row("usdt", OPTIONAL, ProgramType.KPROBE, null, "usdt", ""),
            row("usdt.s", OPTIONAL, ProgramType.KPROBE, null, "usdt", "s")),
    TC("traffic control classifier on an interface", Returns.TC, 2, TestInput.PACKET, Attach.DEVICE, Set.of(),
            // libbpf treats tc/ingress and tc/egress as aliases of tcx
            row("tc/ingress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, "tc", ""),
            row("tc/egress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, "tc", ""),
            row("tcx/ingress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, "tc", ""),
            row("tcx/egress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, "tc", ""),
            row("tc", NONE, ProgramType.SCHED_CLS, null, "tc", ""),
            row("classifier", NONE, ProgramType.SCHED_CLS, null, "tc", ""),
            row("netkit/primary", NONE, ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY, "netkit", ""),
            row("netkit/peer", NONE, ProgramType.SCHED_CLS, AttachType.NETKIT_PEER, "netkit", "")),
    ACTION("traffic control action", Returns.TC, 2, TestInput.PACKET, Attach.MANUAL, Set.of(),
            row("action", NONE, ProgramType.SCHED_ACT, null, "action", "")),
    TRACEPOINT("static kernel tracepoint", Returns.NONE, 0, TestInput.NONE, Attach.TRACEPOINT, Set.of(),
            row("tracepoint", REQUIRED, ProgramType.TRACEPOINT, null, "tracepoint", ""),
            row("tp", REQUIRED, ProgramType.TRACEPOINT, null, "tracepoint", "")),
    RAW_TRACEPOINT("raw tracepoint (untyped arguments)", Returns.NONE, 0, TestInput.CONTEXT, Attach.RAW_TRACEPOINT, Set.of(),
            row("raw_tracepoint", REQUIRED, ProgramType.RAW_TRACEPOINT, null, "raw_tracepoint", ""),
            row("raw_tp", REQUIRED, ProgramType.RAW_TRACEPOINT, null, "raw_tracepoint", ""),
            row("raw_tracepoint.w", REQUIRED, ProgramType.RAW_TRACEPOINT_WRITABLE, null, "raw_tracepoint.w", ""),
            row("raw_tp.w", REQUIRED, ProgramType.RAW_TRACEPOINT_WRITABLE, null, "raw_tracepoint.w", "")),
    TP_BTF("BTF-typed tracepoint", Returns.NONE, 0, TestInput.NONE, Attach.AUTO, Set.of(Need.BTF),
            row("tp_btf", REQUIRED, ProgramType.TRACING, AttachType.TRACE_RAW_TP, "tp_btf", "")),
    FENTRY("kernel function entry/exit through a BPF trampoline", Returns.NONE, 0, TestInput.CONTEXT, Attach.AUTO,
            Set.of(Need.BTF, Need.TRAMPOLINE),
            row("fentry", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FENTRY, "fentry", ""),
            row("fmod_ret", REQUIRED, ProgramType.TRACING, AttachType.MODIFY_RETURN, "fmod_ret", ""),
            row("fexit", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FEXIT, "fexit", ""),
            row("fentry.s", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FENTRY, "fentry", "s"),
            row("fmod_ret.s", REQUIRED, ProgramType.TRACING, AttachType.MODIFY_RETURN, "fmod_ret", "s"),
            row("fexit.s", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FEXIT, "fexit", "s")),
    FREPLACE("replacement of a global BPF function", Returns.NONE, 0, TestInput.NONE, Attach.MANUAL, Set.of(Need.BTF, Need.TRAMPOLINE),
            row("freplace", REQUIRED, ProgramType.EXT, null, "freplace", "")),
    LSM("Linux security module hook", Returns.LSM, 0, TestInput.NONE, Attach.AUTO, Set.of(Need.BTF, Need.TRAMPOLINE, Need.BPF_LSM),
            row("lsm", REQUIRED, ProgramType.LSM, AttachType.LSM_MAC, "lsm", ""),
            row("lsm.s", REQUIRED, ProgramType.LSM, AttachType.LSM_MAC, "lsm", "s"),
            row("lsm_cgroup", REQUIRED, ProgramType.LSM, AttachType.LSM_CGROUP, "lsm_cgroup", "")),
    ITER("BPF iterator over kernel objects", Returns.NONE, 0, TestInput.NONE, Attach.AUTO, Set.of(Need.BTF),
            row("iter", REQUIRED, ProgramType.TRACING, AttachType.TRACE_ITER, "iter", ""),
            row("iter.s", REQUIRED, ProgramType.TRACING, AttachType.TRACE_ITER, "iter", "s")),
    SYSCALL("syscall program, run from user space", Returns.NONE, 0, TestInput.CONTEXT, Attach.MANUAL, Set.of(),
            row("syscall", NONE, ProgramType.SYSCALL, null, "syscall", "s")),
    XDP("XDP on an interface's receive path", Returns.XDP, 0, TestInput.PACKET, Attach.DEVICE, Set.of(),
            row("xdp.frags/devmap", NONE, ProgramType.XDP, AttachType.XDP_DEVMAP, "xdp", "f"),
            row("xdp/devmap", NONE, ProgramType.XDP, AttachType.XDP_DEVMAP, "xdp", ""),
            row("xdp.frags/cpumap", NONE, ProgramType.XDP, AttachType.XDP_CPUMAP, "xdp", "f"),
            row("xdp/cpumap", NONE, ProgramType.XDP, AttachType.XDP_CPUMAP, "xdp", ""),
            row("xdp.frags", NONE, ProgramType.XDP, AttachType.XDP, "xdp", "f"),
            row("xdp", NONE, ProgramType.XDP, AttachType.XDP, "xdp", "")),
    PERF_EVENT("perf event sampling", Returns.NONE, 0, TestInput.NONE, Attach.MANUAL, Set.of(),
            row("perf_event", NONE, ProgramType.PERF_EVENT, null, "perf_event", "")),
    LWT("lightweight tunnel", Returns.NONE, 0, TestInput.PACKET, Attach.MANUAL, Set.of(),
            row("lwt_in", NONE, ProgramType.LWT_IN, null, "lwt_in", ""),
            row("lwt_out", NONE, ProgramType.LWT_OUT, null, "lwt_out", ""),
            row("lwt_xmit", NONE, ProgramType.LWT_XMIT, null, "lwt_xmit", ""),
            row("lwt_seg6local", NONE, ProgramType.LWT_SEG6LOCAL, null, "lwt_seg6local", "")),
    SOCK_OPS("TCP socket operations in a cgroup", Returns.NONE, 0, TestInput.NONE, Attach.CGROUP, Set.of(),
            row("sockops", NONE, ProgramType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS, "sockops", "")),
    SK_SKB("socket map stream parser/verdict", Returns.SK, 0, TestInput.NONE, Attach.MANUAL, Set.of(),
            row("sk_skb/stream_parser", NONE, ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER, "sk_skb", ""),
            row("sk_skb/stream_verdict", NONE, ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT, "sk_skb", ""),
            row("sk_skb/verdict", NONE, ProgramType.SK_SKB, AttachType.SK_SKB_VERDICT, "sk_skb", ""),
            row("sk_skb", NONE, ProgramType.SK_SKB, null, "sk_skb", "")),
    SK_MSG("socket map message verdict", Returns.SK, 0, TestInput.NONE, Attach.MANUAL, Set.of(),
            row("sk_msg", NONE, ProgramType.SK_MSG, AttachType.SK_MSG_VERDICT, "sk_msg", "")),
    LIRC("infrared decoder", Returns.NONE, 0, TestInput.NONE, Attach.MANUAL, Set.of(),
            row("lirc_mode2", NONE, ProgramType.LIRC_MODE2, AttachType.LIRC_MODE2, "lirc_mode2", "")),
    FLOW_DISSECTOR("flow dissector", Returns.NONE, 0, TestInput.PACKET, Attach.MANUAL, Set.of(),
            row("flow_dissector", NONE, ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR, "flow_dissector", "")),
    CGROUP_SKB("packet filter for a cgroup's sockets", Returns.CGROUP_SKB, 0, TestInput.PACKET, Attach.CGROUP, Set.of(),
            row("cgroup_skb/ingress", NONE, ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS, "cgroup_skb/ingress", ""),
            row("cgroup_skb/egress", NONE, ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS, "cgroup_skb/egress", ""),
            row("cgroup/skb", NONE, ProgramType.CGROUP_SKB, null, "cgroup/skb", "")),
    CGROUP_HOOK("cgroup socket, address, sysctl, sockopt or device hook", Returns.CGROUP, 0, TestInput.NONE, Attach.CGROUP, Set.of(),
            row("cgroup/sock_create", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, null, ""),
            row("cgroup/sock_release", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE, null, ""),
            row("cgroup/sock", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, null, ""),
            row("cgroup/post_bind4", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND, null, ""),
            row("cgroup/post_bind6", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND, null, ""),
            row("cgroup/bind4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND, null, ""),
            row("cgroup/bind6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND, null, ""),
            row("cgroup/connect4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT, null, ""),
            row("cgroup/connect6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT, null, ""),
            row("cgroup/connect_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT, null, ""),
            row("cgroup/sendmsg4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG, null, ""),
            row("cgroup/sendmsg6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG, null, ""),
            row("cgroup/sendmsg_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG, null, ""),
            row("cgroup/recvmsg4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG, null, ""),
            row("cgroup/recvmsg6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG, null, ""),
            row("cgroup/recvmsg_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG, null, ""),
            row("cgroup/getpeername4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME, null, ""),
            row("cgroup/getpeername6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME, null, ""),
            row("cgroup/getpeername_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME, null, ""),
            row("cgroup/getsockname4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME, null, ""),
            row("cgroup/getsockname6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME, null, ""),
            row("cgroup/getsockname_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME, null, ""),
            row("cgroup/sysctl", NONE, ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL, null, ""),
            row("cgroup/getsockopt", NONE, ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT, null, ""),
            row("cgroup/setsockopt", NONE, ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT, null, ""),
            row("cgroup/dev", NONE, ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE, null, "")),
    STRUCT_OPS("kernel struct_ops implementation", Returns.NONE, 0, TestInput.NONE, Attach.MANUAL, Set.of(Need.BTF, Need.TRAMPOLINE),
            row("struct_ops", OPTIONAL, ProgramType.STRUCT_OPS, null, "struct_ops", ""),
            row("struct_ops.s", OPTIONAL, ProgramType.STRUCT_OPS, null, "struct_ops", "s")),
    SK_LOOKUP("socket lookup", Returns.SK, 0, TestInput.PACKET, Attach.MANUAL, Set.of(),
            row("sk_lookup", NONE, ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP, "sk_lookup", "")),
    NETFILTER("netfilter hook", Returns.NETFILTER, 0, TestInput.NONE, Attach.MANUAL, Set.of(),
            row("netfilter", NONE, ProgramType.NETFILTER, AttachType.NETFILTER, "netfilter", ""));

    /** What the return value means. */
    public enum Returns {
        NONE(Map.of()),
        XDP(Map.of(0L, "XDP_ABORTED", 1L, "XDP_DROP", 2L, "XDP_PASS", 3L, "XDP_TX", 4L, "XDP_REDIRECT")),
        TC(Map.of(-1L, "TC_ACT_UNSPEC", 0L, "TC_ACT_OK", 1L, "TC_ACT_RECLASSIFY", 2L, "TC_ACT_SHOT", 3L, "TC_ACT_PIPE",
                4L, "TC_ACT_STOLEN", 5L, "TC_ACT_QUEUED", 6L, "TC_ACT_REPEAT", 7L, "TC_ACT_REDIRECT")),
        SK(Map.of(0L, "SK_DROP", 1L, "SK_PASS")),
        /** 0 drops the packet, anything else keeps that many bytes. */
        SOCKET_FILTER(Map.of()),
        CGROUP_SKB(Map.of(0L, "drop", 1L, "allow")),
        /** 0 rejects the operation (EPERM to the caller), 1 allows it. */
        CGROUP(Map.of(0L, "reject", 1L, "allow")),
        /** 0 allows, a negative errno denies. */
        LSM(Map.of(0L, "allow")),
        NETFILTER(Map.of(0L, "NF_DROP", 1L, "NF_ACCEPT"));

        private final Map<Long, String> names;

        Returns(Map<Long, String> names) {
            this.names = names;
        }

        public Map<Long, String> names() {
            return names;
        }

        /** What {@code value} means ("" when it is just a number). */
        public String meaning(long value) {
            if (this == SOCKET_FILTER) return value == 0 ? "(drop)" : "(keep " + (value & 0xffffffffL) + " bytes)";
            if (this == LSM && value < 0) return "(deny: -" + (-value) + ")";
            return names.getOrDefault(value, "");
        }

        /** The value a name stands for in this table. */
        public Optional<Long> value(String name) {
            for (Map.Entry<Long, String> e : names.entrySet()) if (e.getValue().equalsIgnoreCase(name.strip())) return Optional.of(e.getKey());
            return Optional.empty();
        }

        /** A name looked up in every table (for {@code --expect XDP_DROP} on any program). */
        public static Optional<Long> anyValue(String name) {
            for (Returns r : values()) {
                Optional<Long> v = r.value(name);
                if (v.isPresent()) return v;
            }
            return Optional.empty();
        }
    }

    /** What {@code BPF_PROG_TEST_RUN} gives a program of this kind. */
    public enum TestInput {
        /** A packet ({@code data_in}), optionally with a context. */
        PACKET,
        /** A context buffer ({@code ctx_in}) and no packet. */
        CONTEXT,
        /** The kernel cannot test-run it: attach it instead. */
        NONE
    }

    /** How {@code tinybpf run} attaches it. */
    public enum Attach {
        /** {@code tracepoint/<category>/<name>}. */
        TRACEPOINT,
        /** {@code raw_tracepoint/<name>}. */
        RAW_TRACEPOINT,
        /** {@code kprobe/<function>}, {@code kretprobe/<function>}. */
        KPROBE,
        /** {@code uprobe/<binary>:<function>}. */
        UPROBE,
        /** libbpf attaches it from its BTF target (tp_btf, fentry, lsm, iter). */
        AUTO,
        /** To a network interface (XDP, tc): a loader's decision, not run's. */
        DEVICE,
        /** To a cgroup. */
        CGROUP,
        /** To a socket. */
        SOCKET,
        /** Something else decides (a map, another program, user space). */
        MANUAL
    }

    /** Kernel capabilities a kind needs beyond the BPF syscall. */
    public enum Need {
        /** CONFIG_KPROBES (attach). */
        KPROBES,
        /** CONFIG_UPROBES (attach). */
        UPROBES,
        /** Kernel BTF ({@code /sys/kernel/btf/vmlinux}): BTF-typed attach points. */
        BTF,
        /** BPF trampolines (fentry/fexit/LSM/struct_ops loads; some kernels and sandboxes refuse them with EPERM). */
        TRAMPOLINE,
        /** {@code bpf} in the active LSM list. */
        BPF_LSM
    }

    private final String description;
    private final Returns returns;
    private final long safeReturn;
    private final TestInput testInput;
    private final Attach attach;
    private final Set<Need> needs;
    private final List<SectionDef> sections;

    /** A section row before its kind is known (an enum constant cannot pass itself to its own arguments). */
    private record Row(String prefix, Target target, ProgramType type, AttachType attach, String family, String flags) {}

    private static Row row(String prefix, Target target, ProgramType type, AttachType attach, String family, String flags) {
        return new Row(prefix, target, type, attach, family == null ? prefix : family, flags);
    }

    ProgramKind(String description, Returns returns, long safeReturn, TestInput testInput, Attach attach, Set<Need> needs, Row... rows) {
        this.description = description;
        this.returns = returns;
        this.safeReturn = safeReturn;
        this.testInput = testInput;
        this.attach = attach;
        this.needs = needs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(needs));
        List<SectionDef> s = new ArrayList<>();
        for (Row r : rows) {
            s.add(new SectionDef(r.prefix(), r.target(), r.type(), Optional.ofNullable(r.attach()), r.family(),
                    r.flags().contains("s"), r.flags().contains("f"), this));
        }
        this.sections = List.copyOf(s);
    }

    public String description() {
        return description;
    }

    public Returns returns() {
        return returns;
    }

    /**
     * What the program returns where Go would have panicked (a failed nil or bounds check): XDP_ABORTED
     * for XDP and TC_ACT_SHOT for tc — fail closed, and visible — 0 elsewhere.
     */
    public long safeReturn() {
        return safeReturn;
    }

    public TestInput testInput() {
        return testInput;
    }

    /** Whether a test run can rewrite the packet (only these kinds hand back the frame they changed). */
    public boolean rewritesPacket() {
        return this == XDP || this == TC || this == ACTION;
    }

    public Attach attach() {
        return attach;
    }

    /** Byte offsets of {@code xdp_md}'s data, data_end and data_meta. */
    private static final Set<Long> XDP_PACKET_FIELDS = Set.of(0L, 4L, 8L);
    /** Byte offsets of {@code __sk_buff}'s data, data_end and data_meta. */
    private static final Set<Long> SKB_PACKET_FIELDS = Set.of(76L, 80L, 140L);

    /**
     * Where this kind's context holds the packet pointers the program may read through directly
     * (data, data_end, data_meta, as 32-bit fields the kernel rewrites into pointers); empty for
     * kinds without direct packet access. The packet passes follow values loaded from these.
     */
    public Set<Long> packetPointerFields() {
        return switch (this) {
            case XDP -> XDP_PACKET_FIELDS;
            case TC, ACTION, CGROUP_SKB, LWT, SK_SKB, SK_MSG, FLOW_DISSECTOR -> SKB_PACKET_FIELDS;
            default -> Set.of();
        };
    }

    public Set<Need> needs() {
        return needs;
    }

    /** The section rows of this kind, in libbpf's matching order. */
    public List<SectionDef> sections() {
        return sections;
    }

    /** The kind of the program in an ELF section, if libbpf knows the name. */
    public static Optional<ProgramKind> of(String section) {
        return SectionNames.resolve(section).map(SectionDef::programKind);
    }

    /** The kinds behind a libbpf program type name ({@code sched_cls} is tc and netkit). */
    public static List<ProgramKind> ofProgramType(String libbpfName) {
        Map<ProgramKind, Boolean> out = new LinkedHashMap<>();
        for (ProgramKind k : values()) {
            for (SectionDef d : k.sections) if (d.programTypeName().equals(libbpfName.toLowerCase(Locale.ROOT))) out.put(k, true);
        }
        return List.copyOf(out.keySet());
    }
}
