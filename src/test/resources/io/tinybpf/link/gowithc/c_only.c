// The C-only build of the helper variants: each program calls one helper of helpers.c, compiled
// into the same object by clang (its global helpers stay global functions there).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "helpers.c"

struct args {
    __u32 x;
};

SEC("syscall") int c_inlined_prog(struct args *ctx) { return c_inlined(ctx->x); }
SEC("syscall") int c_noinline_prog(struct args *ctx) { return c_noinline(ctx->x); }
SEC("syscall") int c_read_checked_prog(struct args *ctx) { __u32 v = ctx->x; return c_read_checked(&v); }
SEC("syscall") int c_read_unchecked_prog(struct args *ctx) { __u32 v = ctx->x; return c_read_unchecked(&v); }
SEC("syscall") int c_via_static_prog(struct args *ctx) { return c_via_static(ctx->x); }
SEC("syscall") int c_via_static_ptr_prog(struct args *ctx) { __u32 v = ctx->x; return c_via_static_ptr(&v); }

char LICENSE[] SEC("license") = "GPL";
