// per-flow packet counters in XDP: parse, build a 5-tuple key, update a hash map
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct flow_key {
	__u32 saddr, daddr;
	__u16 sport, dport;
	__u8 proto;
	__u8 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow_key);
	__type(value, __u64);
} flowCounts SEC(".maps");

SEC("xdp")
int flow_hash(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 14 + 20 > end)
		return XDP_PASS;
	if (*(__u16 *)(data + 12) != 0x0008)
		return XDP_PASS;
	struct iphdr *ip = data + 14;
	struct flow_key key = { .saddr = ip->saddr, .daddr = ip->daddr, .proto = ip->protocol };
	if (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) {
		if (data + 14 + 20 + 4 > end)
			return XDP_PASS;
		__u16 *ports = data + 34;
		key.sport = ports[0];
		key.dport = ports[1];
	}
	__u64 *n = bpf_map_lookup_elem(&flowCounts, &key);
	if (n) {
		(*n)++;
		return XDP_PASS;
	}
	__u64 one = 1;
	bpf_map_update_elem(&flowCounts, &key, &one, BPF_NOEXIST);
	return XDP_PASS;
}
