// XDP header parsing with direct packet access through header structs
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

struct l4ports {
	__u16 sport, dport;
};

SEC("xdp")
int xdp_parse(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	struct l4ports *ports = (void *)(ip + 1);
	if ((void *)(ports + 1) > end)
		return XDP_PASS;
	if (ip->protocol == IPPROTO_UDP && ports->dport == bpf_htons(53))
		return XDP_DROP;
	if (ip->protocol == IPPROTO_TCP && ports->dport == bpf_htons(22))
		return XDP_DROP;
	return XDP_PASS;
}
