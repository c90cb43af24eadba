// a switch on an opcode, with fallthrough and a default
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct args {
	__u32 op, x;
};

SEC("syscall")
int switch_op(struct args *ctx)
{
	__u32 x = ctx->x;

	switch (ctx->op) {
	case 0:
		return 0;
	case 1:
		x += 1;
		break;
	case 2:
		x *= 3;
		break;
	case 3:
		x <<= 2;
		/* fallthrough */
	case 4:
		x ^= 0x55;
		break;
	case 5:
	case 6:
		x -= 7;
		break;
	case 7:
		return -1;
	default:
		return -2;
	}
	return x;
}
