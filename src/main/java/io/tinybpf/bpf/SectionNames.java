package io.tinybpf.bpf;

import static io.tinybpf.bpf.SectionDef.Target.NONE;
import static io.tinybpf.bpf.SectionDef.Target.OPTIONAL;
import static io.tinybpf.bpf.SectionDef.Target.REQUIRED;

import io.tinybpf.bpf.SectionDef.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * libbpf's ELF section-name conventions (libbpf 1.x {@code section_defs}), kept as data in one
 * table. Order matters as in libbpf: the first matching row wins.
 */
public final class SectionNames {
    private SectionNames() {}

    private static final List<SectionDef> DEFS;
    private static final Set<String> KINDS;

    static {
        List<SectionDef> d = new ArrayList<>();
        // prefix, target, program type, expected attach type (null: none), kind, flags ("s" sleepable, "f" frags)
        row(d, "socket", NONE, ProgramType.SOCKET_FILTER, null, "socket", "");
        row(d, "sk_reuseport/migrate", NONE, ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE, "sk_reuseport", "");
        row(d, "sk_reuseport", NONE, ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT, "sk_reuseport", "");
        row(d, "kprobe", REQUIRED, ProgramType.KPROBE, null, "kprobe", "");
        row(d, "uprobe", OPTIONAL, ProgramType.KPROBE, null, "uprobe", "");
        row(d, "uprobe.s", OPTIONAL, ProgramType.KPROBE, null, "uprobe", "s");
        row(d, "kretprobe", REQUIRED, ProgramType.KPROBE, null, "kretprobe", "");
        row(d, "uretprobe", OPTIONAL, ProgramType.KPROBE, null, "uretprobe", "");
        row(d, "uretprobe.s", OPTIONAL, ProgramType.KPROBE, null, "uretprobe", "s");
        row(d, "kprobe.multi", REQUIRED, ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, "kprobe.multi", "");
        row(d, "kretprobe.multi", REQUIRED, ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, "kretprobe.multi", "");
        row(d, "kprobe.session", REQUIRED, ProgramType.KPROBE, AttachType.TRACE_KPROBE_SESSION, "kprobe.session", "");
        row(d, "uprobe.multi", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uprobe.multi", "");
        row(d, "uretprobe.multi", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uretprobe.multi", "");
        row(d, "uprobe.session", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION, "uprobe.session", "");
        row(d, "uprobe.multi.s", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uprobe.multi", "s");
        row(d, "uretprobe.multi.s", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, "uretprobe.multi", "s");
        row(d, "uprobe.session.s", OPTIONAL, ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION, "uprobe.session", "s");
        row(d, "ksyscall", REQUIRED, ProgramType.KPROBE, null, "ksyscall", "");
        row(d, "kretsyscall", REQUIRED, ProgramType.KPROBE, null, "kretsyscall", "");
        row(d, "usdt", OPTIONAL, ProgramType.KPROBE, null, "usdt", "");
        row(d, "usdt.s", OPTIONAL, ProgramType.KPROBE, null, "usdt", "s");
        // libbpf treats tc/ingress and tc/egress as aliases of tcx.
        row(d, "tc/ingress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, "tc", "");
        row(d, "tc/egress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, "tc", "");
        row(d, "tcx/ingress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, "tc", "");
        row(d, "tcx/egress", NONE, ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, "tc", "");
        row(d, "tc", NONE, ProgramType.SCHED_CLS, null, "tc", "");
        row(d, "classifier", NONE, ProgramType.SCHED_CLS, null, "tc", "");
        row(d, "action", NONE, ProgramType.SCHED_ACT, null, "action", "");
        row(d, "netkit/primary", NONE, ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY, "netkit", "");
        row(d, "netkit/peer", NONE, ProgramType.SCHED_CLS, AttachType.NETKIT_PEER, "netkit", "");
        row(d, "tracepoint", REQUIRED, ProgramType.TRACEPOINT, null, "tracepoint", "");
        row(d, "tp", REQUIRED, ProgramType.TRACEPOINT, null, "tracepoint", "");
        row(d, "raw_tracepoint", REQUIRED, ProgramType.RAW_TRACEPOINT, null, "raw_tracepoint", "");
        row(d, "raw_tp", REQUIRED, ProgramType.RAW_TRACEPOINT, null, "raw_tracepoint", "");
        row(d, "raw_tracepoint.w", REQUIRED, ProgramType.RAW_TRACEPOINT_WRITABLE, null, "raw_tracepoint.w", "");
        row(d, "raw_tp.w", REQUIRED, ProgramType.RAW_TRACEPOINT_WRITABLE, null, "raw_tracepoint.w", "");
        row(d, "tp_btf", REQUIRED, ProgramType.TRACING, AttachType.TRACE_RAW_TP, "tp_btf", "");
        row(d, "fentry", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FENTRY, "fentry", "");
        row(d, "fmod_ret", REQUIRED, ProgramType.TRACING, AttachType.MODIFY_RETURN, "fmod_ret", "");
        row(d, "fexit", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FEXIT, "fexit", "");
        row(d, "fentry.s", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FENTRY, "fentry", "s");
        row(d, "fmod_ret.s", REQUIRED, ProgramType.TRACING, AttachType.MODIFY_RETURN, "fmod_ret", "s");
        row(d, "fexit.s", REQUIRED, ProgramType.TRACING, AttachType.TRACE_FEXIT, "fexit", "s");
        row(d, "freplace", REQUIRED, ProgramType.EXT, null, "freplace", "");
        row(d, "lsm", REQUIRED, ProgramType.LSM, AttachType.LSM_MAC, "lsm", "");
        row(d, "lsm.s", REQUIRED, ProgramType.LSM, AttachType.LSM_MAC, "lsm", "s");
        row(d, "lsm_cgroup", REQUIRED, ProgramType.LSM, AttachType.LSM_CGROUP, "lsm_cgroup", "");
        row(d, "iter", REQUIRED, ProgramType.TRACING, AttachType.TRACE_ITER, "iter", "");
        row(d, "iter.s", REQUIRED, ProgramType.TRACING, AttachType.TRACE_ITER, "iter", "s");
        row(d, "syscall", NONE, ProgramType.SYSCALL, null, "syscall", "s");
        row(d, "xdp.frags/devmap", NONE, ProgramType.XDP, AttachType.XDP_DEVMAP, "xdp", "f");
        row(d, "xdp/devmap", NONE, ProgramType.XDP, AttachType.XDP_DEVMAP, "xdp", "");
        row(d, "xdp.frags/cpumap", NONE, ProgramType.XDP, AttachType.XDP_CPUMAP, "xdp", "f");
        row(d, "xdp/cpumap", NONE, ProgramType.XDP, AttachType.XDP_CPUMAP, "xdp", "");
        row(d, "xdp.frags", NONE, ProgramType.XDP, AttachType.XDP, "xdp", "f");
        row(d, "xdp", NONE, ProgramType.XDP, AttachType.XDP, "xdp", "");
        row(d, "perf_event", NONE, ProgramType.PERF_EVENT, null, "perf_event", "");
        row(d, "lwt_in", NONE, ProgramType.LWT_IN, null, "lwt_in", "");
        row(d, "lwt_out", NONE, ProgramType.LWT_OUT, null, "lwt_out", "");
        row(d, "lwt_xmit", NONE, ProgramType.LWT_XMIT, null, "lwt_xmit", "");
        row(d, "lwt_seg6local", NONE, ProgramType.LWT_SEG6LOCAL, null, "lwt_seg6local", "");
        row(d, "sockops", NONE, ProgramType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS, "sockops", "");
        row(d, "sk_skb/stream_parser", NONE, ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER, "sk_skb", "");
        row(d, "sk_skb/stream_verdict", NONE, ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT, "sk_skb", "");
        row(d, "sk_skb/verdict", NONE, ProgramType.SK_SKB, AttachType.SK_SKB_VERDICT, "sk_skb", "");
        row(d, "sk_skb", NONE, ProgramType.SK_SKB, null, "sk_skb", "");
        row(d, "sk_msg", NONE, ProgramType.SK_MSG, AttachType.SK_MSG_VERDICT, "sk_msg", "");
        row(d, "lirc_mode2", NONE, ProgramType.LIRC_MODE2, AttachType.LIRC_MODE2, "lirc_mode2", "");
        row(d, "flow_dissector", NONE, ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR, "flow_dissector", "");
        row(d, "cgroup_skb/ingress", NONE, ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS, "cgroup_skb/ingress", "");
        row(d, "cgroup_skb/egress", NONE, ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS, "cgroup_skb/egress", "");
        row(d, "cgroup/skb", NONE, ProgramType.CGROUP_SKB, null, "cgroup/skb", "");
        row(d, "cgroup/sock_create", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, null, "");
        row(d, "cgroup/sock_release", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE, null, "");
        row(d, "cgroup/sock", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, null, "");
        row(d, "cgroup/post_bind4", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND, null, "");
        row(d, "cgroup/post_bind6", NONE, ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND, null, "");
        row(d, "cgroup/bind4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND, null, "");
        row(d, "cgroup/bind6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND, null, "");
        row(d, "cgroup/connect4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT, null, "");
        row(d, "cgroup/connect6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT, null, "");
        row(d, "cgroup/connect_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT, null, "");
        row(d, "cgroup/sendmsg4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG, null, "");
        row(d, "cgroup/sendmsg6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG, null, "");
        row(d, "cgroup/sendmsg_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG, null, "");
        row(d, "cgroup/recvmsg4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG, null, "");
        row(d, "cgroup/recvmsg6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG, null, "");
        row(d, "cgroup/recvmsg_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG, null, "");
        row(d, "cgroup/getpeername4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME, null, "");
        row(d, "cgroup/getpeername6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME, null, "");
        row(d, "cgroup/getpeername_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME, null, "");
        row(d, "cgroup/getsockname4", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME, null, "");
        row(d, "cgroup/getsockname6", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME, null, "");
        row(d, "cgroup/getsockname_unix", NONE, ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME, null, "");
        row(d, "cgroup/sysctl", NONE, ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL, null, "");
        row(d, "cgroup/getsockopt", NONE, ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT, null, "");
        row(d, "cgroup/setsockopt", NONE, ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT, null, "");
        row(d, "cgroup/dev", NONE, ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE, null, "");
        row(d, "struct_ops", OPTIONAL, ProgramType.STRUCT_OPS, null, "struct_ops", "");
        row(d, "struct_ops.s", OPTIONAL, ProgramType.STRUCT_OPS, null, "struct_ops", "s");
        row(d, "sk_lookup", NONE, ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP, "sk_lookup", "");
        row(d, "netfilter", NONE, ProgramType.NETFILTER, AttachType.NETFILTER, "netfilter", "");
        DEFS = List.copyOf(d);
        TreeSet<String> kinds = new TreeSet<>();
        for (SectionDef def : DEFS) kinds.add(def.kind());
        KINDS = Collections.unmodifiableSortedSet(kinds);
    }

    /** kind null means "the prefix itself" (cgroup hooks are each their own family). */
    private static void row(List<SectionDef> d, String prefix, Target target, ProgramType type, AttachType attach,
                            String kind, String flags) {
        d.add(new SectionDef(prefix, target, type, Optional.ofNullable(attach), kind == null ? prefix : kind,
                flags.contains("s"), flags.contains("f")));
    }

    /** Every row, in libbpf's matching order. */
    public static List<SectionDef> all() {
        return DEFS;
    }

    /** The row libbpf would pick for an ELF section name, if any. */
    public static Optional<SectionDef> resolve(String section) {
        for (SectionDef def : DEFS) {
            if (def.matches(section)) return Optional.of(def);
        }
        return Optional.empty();
    }

    /** All kind families, sorted (the accepted values of {@code --program-type}). */
    public static Set<String> kinds() {
        return KINDS;
    }

    /**
     * Whether {@code wanted} (a kind such as {@code kprobe}, or a libbpf program type name such as
     * {@code sched_cls}) describes the section's program.
     */
    public static boolean isKind(String section, String wanted) {
        return resolve(section).map(d -> d.kind().equals(wanted) || d.programTypeName().equals(wanted)).orElse(false);
    }
}
