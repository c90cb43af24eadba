// global variables in .data and .bss: a counter, a running total, a last-seen record
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct record {
	__u32 value, calls;
};

__u32 calls;
__u64 total = 100;
struct record last;
__u32 limit = 500;
__u32 dropped;

struct args {
	__u32 x;
};

SEC("syscall")
int globals(struct args *ctx)
{
	calls++;
	if (ctx->x > limit) {
		dropped++;
		return -dropped;
	}
	total += ctx->x;
	last.value = ctx->x;
	last.calls = calls;
	return total + last.calls;
}
