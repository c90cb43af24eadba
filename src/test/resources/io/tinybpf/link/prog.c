// A BPF program in C, for the link tests: its helper lives in helper.c, a separate module.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} hits SEC(".maps");

int twice(int x);

int prog(struct xdp_md *ctx)
{
    __u32 key = 0;
    __u64 *v = bpf_map_lookup_elem(&hits, &key);
    if (v)
        __sync_fetch_and_add(v, 1);
    return twice(1); /* XDP_PASS */
}
