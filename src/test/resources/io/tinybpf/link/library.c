// C as clang gives it to `tinybpf link`: programs in their own sections, library code (called and
// not), static and global data of every placement, a map only userspace uses, BPF inline assembly.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} hits SEC(".maps");

/* no program uses it: userspace fills it (kept through @llvm.compiler.used) */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u32);
    __type(value, __u32);
} config SEC(".maps");

__u64 counter;                    /* zero: .bss */
__u64 seeded = 5;                 /* .data */
const volatile __u32 limit = 100; /* .rodata, set by the loader */
__u32 unused_knob = 3;            /* global, unused: clang keeps it, so does link */

/* C data whose fields are spelled like a Go map definition's: not a map */
struct shape {
    __u32 Type;
    __u32 MaxEntries;
} shape = {1, 64};

enum verdict { VERDICT_DROP = 1, VERDICT_PASS = 2 };

__attribute__((noinline)) int used_helper(int x)
{
    return x + 1;
}

int unused_helper(int x)
{
    return x * 3;
}

static __always_inline int clamp(int x)
{
    asm volatile("if %0 <= 200 goto +1\n%0 = 200\n" : "+r"(x));
    return x;
}

SEC("xdp")
int prog(struct xdp_md *ctx)
{
    static const char fmt[] = "x=%d";
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&hits, &k);
    if (v)
        __sync_fetch_and_add(v, 1);
    counter++;
    bpf_trace_printk(fmt, sizeof(fmt), seeded);
    if (shape.Type != 1)
        return (enum verdict)VERDICT_DROP;
    return clamp(used_helper(limit)) > 0 ? XDP_PASS : XDP_DROP;
}

SEC("tc")
int other(struct __sk_buff *skb)
{
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
