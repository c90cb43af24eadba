// per-CPU array and per-CPU hash counters
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} total SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} perKey SEC(".maps");

struct args {
	__u32 key, add;
};

SEC("syscall")
int map_percpu(struct args *ctx)
{
	__u32 zero = 0, key = ctx->key;
	__u64 *t, *v;

	t = bpf_map_lookup_elem(&total, &zero);
	if (!t)
		return -1;
	*t += ctx->add;
	v = bpf_map_lookup_elem(&perKey, &key);
	if (v) {
		*v += ctx->add;
	} else {
		__u64 val = ctx->add;
		bpf_map_update_elem(&perKey, &key, &val, BPF_ANY);
	}
	return *t;
}
