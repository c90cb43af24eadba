// Programs the kernel refuses, one way or another.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} small SEC(".maps");

/* Reads 8 bytes at offset 64 of an 8-byte map value: the verifier must reject it. */
SEC("xdp")
int oob_read(struct xdp_md *ctx)
{
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&small, &k);
    if (!v)
        return XDP_PASS;
    return (int)v[8];
}

SEC("fentry/do_nanosleep")
int fentry_nanosleep(void *ctx)
{
    return 0;
}

SEC("lsm/file_open")
int lsm_file_open(void *ctx)
{
    return 0;
}

SEC("kprobe/do_nanosleep")
int kprobe_nanosleep(void *ctx)
{
    return 0;
}
