// validation of records in a map value, with many early returns inside the loop
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct rec {
	__u32 kind, len;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct rec[4]);
} requests SEC(".maps");

struct args {
	__u32 request, n;
};

SEC("syscall")
int exits(struct args *ctx)
{
	__u32 total = 0, id = ctx->request;
	struct rec *recs;

	recs = bpf_map_lookup_elem(&requests, &id);
	if (!recs)
		return -6;
	if (ctx->n == 0)
		return -1;
	if (ctx->n > 4)
		return -2;
	for (__u32 i = 0; i < ctx->n && i < 4; i++) {
		struct rec *r = &recs[i];
		if (r->kind == 0 || r->kind > 4)
			return -3;
		if (r->len == 0)
			return -4;
		if (r->len > 1000)
			return -5;
		total += r->len * r->kind;
	}
	return total;
}
