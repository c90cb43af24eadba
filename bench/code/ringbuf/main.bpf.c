// ring buffer records: reserve, fill, submit; and a copy with bpf_ringbuf_output
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct event {
	__u32 kind, pid;
	__u64 value;
	char tag[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct args {
	__u32 reserve, pid;
	__u64 value;
};

SEC("syscall")
int ringbuf(struct args *ctx)
{
	struct event *e;

	if (!ctx->reserve) {
		struct event ev = { .kind = 2, .pid = ctx->pid, .value = ctx->value };
		return bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);
	}
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return -1;
	e->kind = 1;
	e->pid = ctx->pid;
	e->value = ctx->value * 3;
	__builtin_memcpy(e->tag, "reserve", 8);
	bpf_ringbuf_submit(e, 0);
	return 1;
}
