// Types Go cannot spell directly, for `tinybpf generate`'s layout tests: unions, bit-fields,
// packed and misaligned members, anonymous nested structs and unions, enums, flexible arrays,
// pointers, typedef chains, and global variables in .data, .bss and .rodata.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef unsigned int u32_t;
typedef unsigned long long u64_t;

enum color { COLOR_RED = 1, COLOR_GREEN = 2, COLOR_MAX = 0xffffffff };
enum small : signed char { SMALL_NEG = -3, SMALL_POS = 5 };

struct inner {
	u64_t a;
	char c;
};

struct __attribute__((packed)) packed_rec {
	char tag;
	u64_t value; /* offset 1: misaligned */
	unsigned short port;
};

struct event {
	u32_t pid;
	unsigned int flags : 3;
	unsigned int level : 5;
	unsigned short after_bits;
	union {
		u32_t as_u32;
		unsigned char as_bytes[8];
	} u;
	struct {
		unsigned char x, y;
	} point;
	enum color color;
	enum small small;
	struct inner in;
	struct inner pair[2];
	void *ptr;
	_Bool ok;
	char name[3];
	__int128 wide;
};

struct key_with_tail {
	u32_t id;
	unsigned char data[];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct packed_rec);
	__type(value, struct event);
} records SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, u32_t);
	__type(value, struct key_with_tail);
} tails SEC(".maps");

struct event __tinybpf_event_events SEC("license");
char LICENSE[] SEC("license") = "GPL";

volatile const u32_t threshold = 0;
volatile const struct inner limits = {};
u64_t counter = 7;
struct event last_event;

SEC("xdp")
int layout_prog(struct xdp_md *ctx)
{
	u32_t k = 0;
	struct event *e = bpf_map_lookup_elem(&tails, &k);
	if (e && threshold > 1 && limits.a > 0)
		counter++;
	last_event.pid = counter;
	struct packed_rec r = {};
	bpf_map_lookup_elem(&records, &r);
	return XDP_PASS;
}
