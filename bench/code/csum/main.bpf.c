// IPv4 header checksum verification with bpf_csum_diff over packet memory
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int csum(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 34 > end)
		return XDP_PASS;
	if (*(__u16 *)(data + 12) != 0x0008)
		return XDP_PASS;
	__u64 sum = bpf_csum_diff(0, 0, data + 14, 20, 0);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	if ((__u16)sum != 0xffff)
		return XDP_DROP;
	return XDP_PASS;
}
