// struct equality: two 12-byte flow keys compared field by field
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct flow {
	__u32 saddr, daddr;
	__u16 sport, dport;
};

struct args {
	struct flow a, b;
};

SEC("syscall")
int struct_eq(struct args *ctx)
{
	struct flow *a = &ctx->a, *b = &ctx->b;

	if (a->saddr == b->saddr && a->daddr == b->daddr && a->sport == b->sport && a->dport == b->dport)
		return 1;
	return 0;
}
