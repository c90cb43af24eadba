// a loop with a run-time bound over an array in a map value, and a fixed-count hash loop
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32[16]);
} table SEC(".maps");

struct sum_args {
	__u32 n;
};

SEC("syscall")
int loop_sum(struct sum_args *ctx)
{
	__u32 zero = 0, n = ctx->n, sum = 0;
	__u32 *vals = bpf_map_lookup_elem(&table, &zero);

	if (!vals)
		return -1;
	if (n > 16)
		n = 16;
	for (__u32 i = 0; i < n; i++)
		sum += vals[i];
	return sum;
}

struct hash_args {
	__u32 words[8];
};

SEC("syscall")
int loop_hash(struct hash_args *ctx)
{
	__u32 h = 2166136261u;

	for (int i = 0; i < 8; i++) {
		h ^= ctx->words[i];
		h *= 16777619;
	}
	return h;
}
