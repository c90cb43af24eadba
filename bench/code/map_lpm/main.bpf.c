// an LPM trie of IPv4 prefixes: longest-prefix match on the destination, a hit counter per prefix
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct lpm_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct route {
	__u32 verdict, hits;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm_key);
	__type(value, struct route);
} routes SEC(".maps");

SEC("xdp")
int map_lpm(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct lpm_key key = { .prefixlen = 32 };
	struct route *r;

	if (data + 34 > end)
		return XDP_PASS;
	if (*(__u16 *)(data + 12) != 0x0008)
		return XDP_PASS;
	__builtin_memcpy(key.addr, data + 30, 4);
	r = bpf_map_lookup_elem(&routes, &key);
	if (!r)
		return XDP_PASS;
	r->hits++;
	if (r->verdict == 2)
		return XDP_DROP;
	return XDP_TX;
}
