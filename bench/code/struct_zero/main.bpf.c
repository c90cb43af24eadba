// comparison with the zero struct, then a field read
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct flow {
	__u32 saddr, daddr;
	__u16 sport, dport;
};

struct args {
	struct flow f;
};

SEC("syscall")
int struct_zero(struct args *ctx)
{
	struct flow *f = &ctx->f;

	if (!f->saddr && !f->daddr && !f->sport && !f->dport)
		return 0;
	return f->sport + f->dport + 1;
}
