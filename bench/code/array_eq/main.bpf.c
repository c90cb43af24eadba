// array equality: two MAC addresses, and a name against a constant
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct args {
	unsigned char src[6], dst[6];
	char name[16];
	char pad[4];
};

SEC("syscall")
int mac_eq(struct args *ctx)
{
	for (int i = 0; i < 6; i++)
		if (ctx->src[i] != ctx->dst[i])
			return 0;
	return 1;
}

static const char want[16] = "tinybpf";

SEC("syscall")
int name_eq(struct args *ctx)
{
	for (int i = 0; i < 16; i++)
		if (ctx->name[i] != want[i])
			return 0;
	return 1;
}
