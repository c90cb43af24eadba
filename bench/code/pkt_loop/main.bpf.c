// a bounded loop over packet bytes, each read behind a bounds check
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int pkt_loop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 sum = 0;

	for (int i = 14; i < 46; i++) {
		if (data + i + 1 > end)
			break;
		sum += *(__u8 *)(data + i);
	}
	return sum & 1 ? XDP_DROP : XDP_PASS;
}
