// an array of maps: pick an inner hash map by tenant, count a key in it
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct inner {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} tenants SEC(".maps");

struct args {
	__u32 tenant, key;
};

SEC("syscall")
int map_in_map(struct args *ctx)
{
	__u32 t = ctx->tenant, key = ctx->key;
	void *m = bpf_map_lookup_elem(&tenants, &t);
	__u64 *v, one = 1;

	if (!m)
		return -1;
	v = bpf_map_lookup_elem(m, &key);
	if (v) {
		(*v)++;
		return *v;
	}
	return bpf_map_update_elem(m, &key, &one, BPF_NOEXIST);
}
