// bpf_loop with a callback summing squares
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct acc {
	__u64 sum, limit;
};

static long square(__u64 i, void *ctx)
{
	struct acc *a = ctx;

	a->sum += i * i;
	if (a->sum > a->limit)
		return 1;
	return 0;
}

struct args {
	__u32 n;
};

SEC("syscall")
int loop_cb(struct args *ctx)
{
	struct acc a = { .limit = 100000 };
	long n = bpf_loop(ctx->n, square, &a, 0);

	return (int)a.sum + ((int)n << 20);
}
