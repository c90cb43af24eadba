// helpers that are calls, not inlined: process identity, the task's name, a probe read
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct args {
	__u32 mode;
};

SEC("syscall")
int helpers(struct args *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u32 uid = bpf_get_current_uid_gid();
	char comm[16], copied[16];
	int r = 0;

	if (bpf_get_current_comm(comm, sizeof(comm)))
		return -1;
	if (bpf_probe_read_kernel(copied, sizeof(copied), comm))
		return -2;
	for (int i = 0; i < 16; i++)
		if (copied[i] != comm[i])
			return -3;
	if (tgid)
		r |= 1;
	if (ctx->mode && uid == 0)
		r |= 2;
	if (comm[0])
		r |= 4;
	return r;
}
