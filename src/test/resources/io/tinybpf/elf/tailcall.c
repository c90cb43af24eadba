// Socket filters with a prog array (tail call) and an array of maps, both statically initialised.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct inner_map {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 8);
    __type(key, __u32);
    __type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __uint(max_entries, 2);
    __type(key, __u32);
    __array(values, struct inner_map);
} outer SEC(".maps") = {
    .values = {&inner_a, &inner_b},
};

int tail(struct __sk_buff *skb);

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 4);
    __uint(key_size, sizeof(__u32));
    __array(values, int(void *));
} jumps SEC(".maps") = {
    .values = {[2] = (void *)&tail},
};

SEC("socket")
int tail(struct __sk_buff *skb)
{
    return 1;
}

SEC("socket")
int entry(struct __sk_buff *skb)
{
    __u32 k = 0;
    void *m = bpf_map_lookup_elem(&outer, &k);
    if (m) {
        __u64 *v = bpf_map_lookup_elem(m, &k);
        if (v)
            (*v)++;
    }
    bpf_tail_call(skb, &jumps, 2);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
