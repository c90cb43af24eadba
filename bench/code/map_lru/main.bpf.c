// an LRU hash of flow records keyed by a struct
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct flow_key {
	__u32 saddr, daddr;
	__u16 sport, dport;
};

struct flow_val {
	__u64 packets, bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} flows SEC(".maps");

struct args {
	__u32 saddr, daddr;
	__u16 sport, dport;
	__u32 len;
};

SEC("syscall")
int map_lru(struct args *ctx)
{
	struct flow_key key = {
		.saddr = ctx->saddr, .daddr = ctx->daddr, .sport = ctx->sport, .dport = ctx->dport,
	};
	struct flow_val *v = bpf_map_lookup_elem(&flows, &key);

	if (!v) {
		struct flow_val nv = { .packets = 1, .bytes = ctx->len };
		bpf_map_update_elem(&flows, &key, &nv, BPF_NOEXIST);
		return 1;
	}
	v->packets++;
	v->bytes += ctx->len;
	return v->bytes;
}
