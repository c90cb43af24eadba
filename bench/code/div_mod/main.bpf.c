// division and modulo by run-time divisors and by constants
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct args {
	__u32 a, b;
	__u64 c, d;
};

SEC("syscall")
int div_mod(struct args *ctx)
{
	if (ctx->b == 0 || ctx->d == 0)
		return 0;
	__u32 q = ctx->a / ctx->b;
	__u64 r = ctx->c % ctx->d;
	return q + (__u32)r + ctx->a / 10 + (__u32)(ctx->c % 7);
}
