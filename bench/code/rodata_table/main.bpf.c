// read-only tables: a weight table indexed at run time, a table of port ranges searched in a loop
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct port_range {
	__u16 lo, hi;
	int verdict;
};

static const __u32 weights[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };

static const struct port_range ranges[4] = {
	{ .lo = 20, .hi = 23, .verdict = 1 },
	{ .lo = 80, .hi = 80, .verdict = 2 },
	{ .lo = 1024, .hi = 4999, .verdict = 3 },
	{ .lo = 8000, .hi = 8999, .verdict = 4 },
};

struct args {
	__u32 idx;
	__u16 port;
};

SEC("syscall")
int rodata_table(struct args *ctx)
{
	int w = weights[ctx->idx & 7];

	for (int i = 0; i < 4; i++)
		if (ctx->port >= ranges[i].lo && ctx->port <= ranges[i].hi)
			return ranges[i].verdict * 1000 + w;
	return w;
}
