// a function kept as a BPF subprogram, called twice
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct args {
	__u32 a, b, c;
};

static __noinline __u32 mix(__u32 a, __u32 b)
{
	a ^= b >> 3;
	a *= 0x9e3779b1;
	return a ^ (a >> 16);
}

SEC("syscall")
int subprog(struct args *ctx)
{
	return mix(ctx->a, ctx->b) + mix(ctx->b, ctx->c);
}
