// A map that libbpf pins by name under the object's pin root at load time.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, __u32);
    __type(value, __u64);
    __uint(pinning, LIBBPF_PIN_BY_NAME);
} shared_counts SEC(".maps");

SEC("syscall")
int bump(void *ctx)
{
    __u32 k = 1;
    __u64 one = 1, *v = bpf_map_lookup_elem(&shared_counts, &k);
    if (v)
        __sync_fetch_and_add(v, 1);
    else
        bpf_map_update_elem(&shared_counts, &k, &one, BPF_ANY);
    return 0;
}
