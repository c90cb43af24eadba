// syscall program, raw tracepoint with per-CPU counter, perf event output, and a .rodata verdict.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct calc_args {
    __u32 a;
    __u32 b;
    __u64 product;  /* written by the program */
};

__u32 calc_bias = 7;   /* .data: the loader may change it */
__u64 calc_calls;      /* .bss: read live by the test */

/* Test-run with a ctx: returns a + b and writes a * b + calc_bias back into the context. */
SEC("syscall")
int calc(struct calc_args *args)
{
    args->product = (__u64)args->a * args->b + calc_bias;
    __sync_fetch_and_add(&calc_calls, 1);
    return args->a + args->b;
}

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} percpu_sum SEC(".maps");

/* Adds args[0] to this CPU's slot; returns args[0] * 2. */
SEC("raw_tp")
int percpu_add(struct bpf_raw_tracepoint_args *ctx)
{
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&percpu_sum, &k);
    if (v)
        *v += ctx->args[0];
    return ctx->args[0] * 2;
}

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(__u32));
    __uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct perf_sample {
    __u64 value;
    __u32 cpu;
    __u32 magic;
};

/* Emits {args[0], cpu, 0xfeedbeef} on the current CPU's perf ring. */
SEC("raw_tp")
int perf_emit(struct bpf_raw_tracepoint_args *ctx)
{
    struct perf_sample s = {
        .value = ctx->args[0],
        .cpu = bpf_get_smp_processor_id(),
        .magic = 0xfeedbeef,
    };
    bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &s, sizeof(s));
    return 0;
}

/* The verdict the loader may change before load. */
const volatile __u32 verdict = XDP_PASS;
const volatile __u64 unused_padding_const = 0x1122334455667788ULL;

SEC("xdp")
int xdp_verdict(struct xdp_md *ctx)
{
    return verdict;
}
