// a hash map counter: lookup, update in place or insert, delete
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct args {
	__u32 key, add, delete;
};

SEC("syscall")
int map_hash(struct args *ctx)
{
	__u32 key = ctx->key;
	__u64 *v, val;

	if (ctx->delete)
		return bpf_map_delete_elem(&counts, &key);
	v = bpf_map_lookup_elem(&counts, &key);
	if (v) {
		*v += ctx->add;
		return *v;
	}
	val = ctx->add;
	return bpf_map_update_elem(&counts, &key, &val, BPF_NOEXIST);
}
