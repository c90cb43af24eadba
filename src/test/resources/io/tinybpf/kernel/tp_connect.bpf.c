// Tracepoint syscalls/sys_enter_connect -> ring buffer event {tgid, family, port}.
// Only connects of the process whose tgid is set in the .rodata constant are reported.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 target_tgid = 0;

struct event {
    __u32 tgid;
    __u16 family;
    __u16 port;   /* host order */
    __u64 fd;
};

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* layout of /sys/kernel/tracing/events/syscalls/sys_enter_connect/format */
struct sys_enter_connect_args {
    __u64 common;
    __s32 syscall_nr;
    __u32 pad;
    __u64 fd;
    __u64 uservaddr;
    __u64 addrlen;
};

SEC("tracepoint/syscalls/sys_enter_connect")
int on_connect(struct sys_enter_connect_args *ctx)
{
    __u32 tgid = bpf_get_current_pid_tgid() >> 32;
    if (tgid != target_tgid)
        return 0;
    __u16 sa[2] = {};
    if (bpf_probe_read_user(sa, sizeof(sa), (void *)ctx->uservaddr))
        return 0;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        return 0;
    e->tgid = tgid;
    e->family = sa[0];
    e->port = bpf_ntohs(sa[1]);
    e->fd = ctx->fd;
    bpf_ringbuf_submit(e, 0);
    return 0;
}

/* Counts syscalls of the target process through the raw tracepoint sys_enter. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, __u64);
} counts SEC(".maps");

SEC("raw_tp/sys_enter")
int count_raw(struct bpf_raw_tracepoint_args *ctx)
{
    if ((__u32)(bpf_get_current_pid_tgid() >> 32) != target_tgid)
        return 0;
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&counts, &k);
    if (v)
        __sync_fetch_and_add(v, 1);
    return 0;
}

/* Same through a BTF-typed tracepoint, attached by section name (tp_btf/sys_enter). */
SEC("tp_btf/sys_enter")
int count_btf(unsigned long long *ctx)
{
    if ((__u32)(bpf_get_current_pid_tgid() >> 32) != target_tgid)
        return 0;
    __u32 k = 1;
    __u64 *v = bpf_map_lookup_elem(&counts, &k);
    if (v)
        __sync_fetch_and_add(v, 1);
    return 0;
}
