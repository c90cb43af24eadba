package io.tinybpf.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SectionNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // section                          | program type           | attach type               | kind               | target
        "socket                             | socket_filter          | -                         | socket             | -",
        "sk_reuseport                       | sk_reuseport           | sk_reuseport_select       | sk_reuseport       | -",
        "sk_reuseport/migrate               | sk_reuseport           | sk_reuseport_select_or_migrate | sk_reuseport  | -",
        "kprobe/do_unlinkat                 | kprobe                 | -                         | kprobe             | do_unlinkat",
        "kprobe                             | kprobe                 | -                         | kprobe             | -",
        "kretprobe/do_exit                  | kprobe                 | -                         | kretprobe          | do_exit",
        "uprobe//bin/bash:readline          | kprobe                 | -                         | uprobe             | /bin/bash:readline",
        "uprobe.s/libc.so.6:malloc          | kprobe                 | -                         | uprobe             | libc.so.6:malloc",
        "uretprobe                          | kprobe                 | -                         | uretprobe          | -",
        "ksyscall/openat                    | kprobe                 | -                         | ksyscall           | openat",
        "kretsyscall/openat                 | kprobe                 | -                         | kretsyscall        | openat",
        "usdt/libc.so.6:libc:setjmp         | kprobe                 | -                         | usdt               | libc.so.6:libc:setjmp",
        "kprobe.multi/vfs_*                 | kprobe                 | trace_kprobe_multi        | kprobe.multi       | vfs_*",
        "kretprobe.multi/vfs_*              | kprobe                 | trace_kprobe_multi        | kretprobe.multi    | vfs_*",
        "uprobe.multi/bin:f*                | kprobe                 | trace_uprobe_multi        | uprobe.multi       | bin:f*",
        "tc/ingress                         | sched_cls              | tcx_ingress               | tc                 | -",
        "tc/egress                          | sched_cls              | tcx_egress                | tc                 | -",
        "tcx/ingress                        | sched_cls              | tcx_ingress               | tc                 | -",
        "tcx/egress                         | sched_cls              | tcx_egress                | tc                 | -",
        "tc                                 | sched_cls              | -                         | tc                 | -",
        "classifier                         | sched_cls              | -                         | tc                 | -",
        "action                             | sched_act              | -                         | action             | -",
        "tracepoint/syscalls/sys_enter_open | tracepoint             | -                         | tracepoint         | syscalls/sys_enter_open",
        "tp/sched/sched_switch              | tracepoint             | -                         | tracepoint         | sched/sched_switch",
        "raw_tracepoint/sched_switch        | raw_tracepoint         | -                         | raw_tracepoint     | sched_switch",
        "raw_tp/sched_switch                | raw_tracepoint         | -                         | raw_tracepoint     | sched_switch",
        "raw_tracepoint.w/bpf_test          | raw_tracepoint_writable | -                        | raw_tracepoint.w   | bpf_test",
        "tp_btf/task_newtask                | tracing                | trace_raw_tp              | tp_btf             | task_newtask",
        "fentry/do_exit                     | tracing                | trace_fentry              | fentry             | do_exit",
        "fentry.s/do_exit                   | tracing                | trace_fentry              | fentry             | do_exit",
        "fexit/do_exit                      | tracing                | trace_fexit               | fexit              | do_exit",
        "fmod_ret/security_x                | tracing                | modify_return             | fmod_ret           | security_x",
        "freplace/handler                   | ext                    | -                         | freplace           | handler",
        "lsm/file_open                      | lsm                    | lsm_mac                   | lsm                | file_open",
        "lsm.s/file_open                    | lsm                    | lsm_mac                   | lsm                | file_open",
        "lsm_cgroup/socket_bind             | lsm                    | lsm_cgroup                | lsm_cgroup         | socket_bind",
        "iter/task                          | tracing                | trace_iter                | iter               | task",
        "iter.s/task                        | tracing                | trace_iter                | iter               | task",
        "syscall                            | syscall                | -                         | syscall            | -",
        "xdp.frags/devmap                   | xdp                    | xdp_devmap                | xdp                | -",
        "xdp/devmap                         | xdp                    | xdp_devmap                | xdp                | -",
        "xdp.frags/cpumap                   | xdp                    | xdp_cpumap                | xdp                | -",
        "xdp/cpumap                         | xdp                    | xdp_cpumap                | xdp                | -",
        "xdp.frags                          | xdp                    | xdp                       | xdp                | -",
        "xdp                                | xdp                    | xdp                       | xdp                | -",
        "perf_event                         | perf_event             | -                         | perf_event         | -",
        "lwt_in                             | lwt_in                 | -                         | lwt_in             | -",
        "lwt_out                            | lwt_out                | -                         | lwt_out            | -",
        "lwt_xmit                           | lwt_xmit               | -                         | lwt_xmit           | -",
        "lwt_seg6local                      | lwt_seg6local          | -                         | lwt_seg6local      | -",
        "sockops                            | sock_ops               | cgroup_sock_ops           | sockops            | -",
        "sk_skb/stream_parser               | sk_skb                 | sk_skb_stream_parser      | sk_skb             | -",
        "sk_skb/stream_verdict              | sk_skb                 | sk_skb_stream_verdict     | sk_skb             | -",
        "sk_skb                             | sk_skb                 | -                         | sk_skb             | -",
        "sk_msg                             | sk_msg                 | sk_msg_verdict            | sk_msg             | -",
        "lirc_mode2                         | lirc_mode2             | lirc_mode2                | lirc_mode2         | -",
        "flow_dissector                     | flow_dissector         | flow_dissector            | flow_dissector     | -",
        "cgroup_skb/ingress                 | cgroup_skb             | cgroup_inet_ingress       | cgroup_skb/ingress | -",
        "cgroup_skb/egress                  | cgroup_skb             | cgroup_inet_egress        | cgroup_skb/egress  | -",
        "cgroup/skb                         | cgroup_skb             | -                         | cgroup/skb         | -",
        "cgroup/sock_create                 | cgroup_sock            | cgroup_inet_sock_create   | cgroup/sock_create | -",
        "cgroup/sock_release                | cgroup_sock            | cgroup_inet_sock_release  | cgroup/sock_release | -",
        "cgroup/sock                        | cgroup_sock            | cgroup_inet_sock_create   | cgroup/sock        | -",
        "cgroup/post_bind4                  | cgroup_sock            | cgroup_inet4_post_bind    | cgroup/post_bind4  | -",
        "cgroup/post_bind6                  | cgroup_sock            | cgroup_inet6_post_bind    | cgroup/post_bind6  | -",
        "cgroup/bind4                       | cgroup_sock_addr       | cgroup_inet4_bind         | cgroup/bind4       | -",
        "cgroup/bind6                       | cgroup_sock_addr       | cgroup_inet6_bind         | cgroup/bind6       | -",
        "cgroup/connect4                    | cgroup_sock_addr       | cgroup_inet4_connect      | cgroup/connect4    | -",
        "cgroup/connect6                    | cgroup_sock_addr       | cgroup_inet6_connect      | cgroup/connect6    | -",
        "cgroup/connect_unix                | cgroup_sock_addr       | cgroup_unix_connect       | cgroup/connect_unix | -",
        "cgroup/sendmsg4                    | cgroup_sock_addr       | cgroup_udp4_sendmsg       | cgroup/sendmsg4    | -",
        "cgroup/sendmsg6                    | cgroup_sock_addr       | cgroup_udp6_sendmsg       | cgroup/sendmsg6    | -",
        "cgroup/sendmsg_unix                | cgroup_sock_addr       | cgroup_unix_sendmsg       | cgroup/sendmsg_unix | -",
        "cgroup/recvmsg4                    | cgroup_sock_addr       | cgroup_udp4_recvmsg       | cgroup/recvmsg4    | -",
        "cgroup/recvmsg6                    | cgroup_sock_addr       | cgroup_udp6_recvmsg       | cgroup/recvmsg6    | -",
        "cgroup/recvmsg_unix                | cgroup_sock_addr       | cgroup_unix_recvmsg       | cgroup/recvmsg_unix | -",
        "cgroup/getpeername4                | cgroup_sock_addr       | cgroup_inet4_getpeername  | cgroup/getpeername4 | -",
        "cgroup/getpeername6                | cgroup_sock_addr       | cgroup_inet6_getpeername  | cgroup/getpeername6 | -",
        "cgroup/getpeername_unix            | cgroup_sock_addr       | cgroup_unix_getpeername   | cgroup/getpeername_unix | -",
        "cgroup/getsockname4                | cgroup_sock_addr       | cgroup_inet4_getsockname  | cgroup/getsockname4 | -",
        "cgroup/getsockname6                | cgroup_sock_addr       | cgroup_inet6_getsockname  | cgroup/getsockname6 | -",
        "cgroup/getsockname_unix            | cgroup_sock_addr       | cgroup_unix_getsockname   | cgroup/getsockname_unix | -",
        "cgroup/sysctl                      | cgroup_sysctl          | cgroup_sysctl             | cgroup/sysctl      | -",
        "cgroup/getsockopt                  | cgroup_sockopt         | cgroup_getsockopt         | cgroup/getsockopt  | -",
        "cgroup/setsockopt                  | cgroup_sockopt         | cgroup_setsockopt         | cgroup/setsockopt  | -",
        "cgroup/dev                         | cgroup_device          | cgroup_device             | cgroup/dev         | -",
        "struct_ops/tcp_init                | struct_ops             | -                         | struct_ops         | tcp_init",
        "struct_ops.s/tcp_init              | struct_ops             | -                         | struct_ops         | tcp_init",
        "struct_ops                         | struct_ops             | -                         | struct_ops         | -",
        "sk_lookup                          | sk_lookup              | sk_lookup                 | sk_lookup          | -",
        "netfilter                          | netfilter              | netfilter                 | netfilter          | -",
    })
    void resolvesLikeLibbpf(String section, String progType, String attach, String kind, String target) {
        SectionDef d = SectionNames.resolve(section).orElseThrow(() -> new AssertionError("no match for " + section));
        assertEquals(progType, d.programTypeName(), section);
        assertEquals(Optional.ofNullable(attach), d.attachType().map(AttachType::libbpfName), section);
        assertEquals(kind, d.kind(), section);
        assertEquals(Optional.ofNullable(target), d.targetOf(section), section);
        assertTrue(SectionNames.isKind(section, kind));
        assertTrue(SectionNames.isKind(section, progType));
    }

    @Test
    void libbpfMatchingRules() {
        // '+' entries need exactly the prefix or a '/' right after it.
        assertTrue(SectionNames.resolve("kprobex").isEmpty());
        assertTrue(SectionNames.resolve("kprobe.multi").isPresent());
        assertEquals("kprobe.multi", SectionNames.resolve("kprobe.multi/foo").orElseThrow().kind());
        // Entries without '+' match exactly: xdp/foo and tc/foo are unknown to libbpf.
        assertTrue(SectionNames.resolve("xdp/foo").isEmpty());
        assertTrue(SectionNames.resolve("tc/foo").isEmpty());
        assertTrue(SectionNames.resolve("socket/x").isEmpty());
        assertTrue(SectionNames.resolve(".text").isEmpty());
        assertTrue(SectionNames.resolve("").isEmpty());
        assertTrue(SectionNames.resolve("sk_reuseport/migrate").orElseThrow().attachType().orElseThrow() == AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE);
        assertTrue(SectionNames.resolve("syscall").orElseThrow().sleepable());
        assertTrue(SectionNames.resolve("xdp.frags").orElseThrow().xdpFrags());
        assertFalse(SectionNames.resolve("xdp").orElseThrow().xdpFrags());
        assertTrue(SectionNames.resolve("fentry.s/f").orElseThrow().sleepable());
        assertEquals("kprobe+", SectionNames.resolve("kprobe").orElseThrow().pattern());
        assertEquals("xdp", SectionNames.resolve("xdp").orElseThrow().pattern());
        assertFalse(SectionNames.isKind("xdp", "tc"));
        assertFalse(SectionNames.isKind("bogus", "xdp"));
    }

    @Test
    void missingTargets() {
        assertTrue(SectionNames.resolve("kprobe").orElseThrow().missingTarget("kprobe"));
        assertTrue(SectionNames.resolve("fentry/").orElseThrow().missingTarget("fentry/"));
        assertFalse(SectionNames.resolve("kprobe/x").orElseThrow().missingTarget("kprobe/x"));
        assertFalse(SectionNames.resolve("uprobe").orElseThrow().missingTarget("uprobe"));
        assertFalse(SectionNames.resolve("xdp").orElseThrow().missingTarget("xdp"));
    }

    @Test
    void tableIsConsistent() {
        Set<String> prefixes = new HashSet<>();
        for (SectionDef d : SectionNames.all()) assertTrue(prefixes.add(d.prefix()), "duplicate " + d.prefix());
        assertTrue(SectionNames.kinds().containsAll(Set.of("kprobe", "tracepoint", "xdp", "tc", "cgroup/connect4", "lsm", "fentry")));
        // every row resolves to itself (no earlier row shadows it)
        for (SectionDef d : SectionNames.all()) assertEquals(d, SectionNames.resolve(d.prefix()).orElseThrow());
    }

    @Test
    void kernelNumbers() {
        assertEquals(1, MapType.HASH.number());
        assertEquals(27, MapType.RINGBUF.number());
        assertEquals(33, MapType.ARENA.number());
        assertEquals("lpm_trie", MapType.nameOf(11));
        assertEquals("unknown(34)", MapType.nameOf(34));
        assertEquals("unknown(-1)", MapType.nameOf(-1));
        for (MapType t : MapType.values()) assertEquals(t, MapType.of(t.number()).orElseThrow());
        assertEquals(32, ProgramType.NETFILTER.number());
        assertEquals("sched_cls", ProgramType.nameOf(3));
        for (ProgramType t : ProgramType.values()) assertEquals(t, ProgramType.of(t.number()).orElseThrow());
        assertEquals(46, AttachType.TCX_INGRESS.number());
        assertEquals(57, AttachType.TRACE_UPROBE_SESSION.number());
        for (AttachType t : AttachType.values()) assertEquals(t, AttachType.of(t.number()).orElseThrow());
        assertEquals("unknown(99)", AttachType.nameOf(99));
    }
}
