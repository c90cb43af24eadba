// Objects `tinybpf generate` must refuse with a clear message (GenerateCliTest):
// -DNO_PROGRAMS: a map but no program; -DCOLLIDE: two different types that give one Go name;
// -DCLOSE_PROG: a program whose Go field would be Close. Without flags: a valid object.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifdef COLLIDE
struct foo_bar { int a; };
struct fooBar { long long b; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, struct foo_bar);
	__type(value, struct fooBar);
} m SEC(".maps");
#else
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");
#endif

#if defined(CLOSE_PROG)
SEC("xdp") int Close(struct xdp_md *ctx) { return XDP_PASS; }
#elif !defined(NO_PROGRAMS)
SEC("xdp") int pass(struct xdp_md *ctx) { return XDP_PASS; }
#endif

char LICENSE[] SEC("license") = "GPL";
