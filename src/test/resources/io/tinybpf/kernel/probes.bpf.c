// uprobe/uretprobe on tinybpf_probe_me() of the test helper binary, and a cgroup connect4 guard.
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

/* [0] calls, [1] sum of first arguments, [2] last return value */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 3);
    __type(key, __u32);
    __type(value, __u64);
} probe_stats SEC(".maps");

static __always_inline void add(__u32 k, __u64 d, int set)
{
    __u64 *v = bpf_map_lookup_elem(&probe_stats, &k);
    if (!v)
        return;
    if (set)
        *v = d;
    else
        __sync_fetch_and_add(v, d);
}

SEC("uprobe")
int on_enter(struct pt_regs *ctx)
{
    add(0, 1, 0);
    add(1, PT_REGS_PARM1(ctx), 0);
    return 0;
}

SEC("uretprobe")
int on_return(struct pt_regs *ctx)
{
    add(2, PT_REGS_RC(ctx), 1);
    return 0;
}

const volatile __u16 blocked_port = 0;

/* connect4: refuse connects to blocked_port (the caller gets EPERM), allow the rest. */
SEC("cgroup/connect4")
int guard_connect4(struct bpf_sock_addr *ctx)
{
    if (ctx->user_port == bpf_htons(blocked_port))
        return 0;
    return 1;
}
