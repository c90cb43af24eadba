// XDP program using a typed hash map, a pinned per-CPU array and an LPM trie.
// -DUNDEFINED_CALL adds a call to a function no one defines (a negative case).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct counters {
    __u64 packets;
    __u64 bytes;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, struct counters);
} stats SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u64);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} drops SEC(".maps");

struct lpm_key {
    __u32 prefixlen;
    __u8 addr[4];
};

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 256);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm_key);
    __type(value, __u32);
} blocklist SEC(".maps");

#ifdef UNDEFINED_CALL
extern void foo(void);
#endif

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
    __u32 ifindex = ctx->ingress_ifindex;
    struct lpm_key key = {.prefixlen = 32, .addr = {10, 0, 0, 1}};
    if (bpf_map_lookup_elem(&blocklist, &key)) {
        __u32 zero = 0;
        __u64 *d = bpf_map_lookup_elem(&drops, &zero);
        if (d)
            (*d)++;
        return XDP_DROP;
    }
    struct counters *c = bpf_map_lookup_elem(&stats, &ifindex);
    if (c) {
        c->packets++;
        c->bytes += ctx->data_end - ctx->data;
    }
#ifdef UNDEFINED_CALL
    foo();
#endif
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
