// queue and stack maps: push a value, pop the oldest and the newest
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 8);
	__type(value, __u32);
} fifo SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 8);
	__type(value, __u32);
} lifo SEC(".maps");

struct args {
	__u32 x;
};

SEC("syscall")
int map_queue(struct args *ctx)
{
	__u32 v = ctx->x, oldest, newest;

	if (bpf_map_push_elem(&fifo, &v, BPF_ANY))
		return -1;
	if (bpf_map_push_elem(&lifo, &v, BPF_ANY))
		return -2;
	if (bpf_map_peek_elem(&fifo, &oldest))
		return -3;
	if (bpf_map_pop_elem(&lifo, &newest))
		return -4;
	return oldest * 1000 + newest;
}
