// tail calls: dispatch on the IP protocol through a program array
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 32);
	__uint(key_size, 4);
	__uint(value_size, 4);
} jumps SEC(".maps");

SEC("xdp")
int tail_dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 34 > end)
		return XDP_PASS;
	if (*(__u16 *)(data + 12) != 0x0008)
		return XDP_PASS;
	__u8 proto = *(__u8 *)(data + 23);
	bpf_tail_call(ctx, &jumps, proto);
	return XDP_PASS;
}

SEC("xdp")
int tail_udp(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int tail_tcp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 38 > end)
		return XDP_PASS;
	if (*(__u16 *)(data + 36) == 0x5000)
		return XDP_TX;
	return XDP_DROP;
}
