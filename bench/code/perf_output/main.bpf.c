// an event sent through a perf event array from XDP, with packet bytes appended
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct event {
	__u32 len, ifindex;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
} events SEC(".maps");

SEC("xdp")
int perf_output(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;
	struct event ev = { .len = len, .ifindex = ctx->ingress_ifindex };
	/* the upper 32 bits of the flags ask for that many packet bytes after the event */
	__u64 flags = BPF_F_CURRENT_CPU | ((__u64)(len & 0xff) << 32);

	if (bpf_perf_event_output(ctx, &events, flags, &ev, sizeof(ev)) < 0)
		return XDP_DROP;
	return XDP_PASS;
}
