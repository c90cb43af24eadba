// XDP parsing with pointer arithmetic, honouring the IPv4 header length
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

struct l4ports {
	__u16 sport, dport;
};

SEC("xdp")
int xdp_unsafe_add(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if (data + sizeof(*eth) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	struct iphdr *ip = data + sizeof(*eth);
	if ((void *)ip + sizeof(*ip) > end)
		return XDP_PASS;
	int ihl = ip->ihl * 4;
	if (ihl < (int)sizeof(*ip))
		return XDP_PASS;
	struct l4ports *ports = (void *)ip + ihl;
	if ((void *)ports + sizeof(*ports) > end)
		return XDP_PASS;
	if (ports->dport == bpf_htons(53) || ports->sport == bpf_htons(53))
		return XDP_DROP;
	return XDP_PASS;
}
