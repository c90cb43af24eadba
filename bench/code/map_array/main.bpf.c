// an array map of per-slot statistics, indexed from the context
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct stat {
	__u64 packets, bytes;
	__u32 max, pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct stat);
} stats SEC(".maps");

struct args {
	__u32 slot, size;
};

SEC("syscall")
int map_array(struct args *ctx)
{
	__u32 slot = ctx->slot;
	struct stat *s = bpf_map_lookup_elem(&stats, &slot);

	if (!s)
		return -1;
	s->packets++;
	s->bytes += ctx->size;
	if (ctx->size > s->max)
		s->max = ctx->size;
	return s->packets;
}
