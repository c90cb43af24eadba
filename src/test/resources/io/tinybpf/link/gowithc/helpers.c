// C helpers a Go program calls through tinybpf link: inlined, noinline, static and global, with
// pointer arguments checked and unchecked. Each is called by one program (Go or C) of the tests.
#include <linux/types.h>

/* global, inlined into its caller */
__attribute__((always_inline)) __u32 c_inlined(__u32 x)
{
    return x * 3;
}

/* global, a subprogram */
__attribute__((noinline)) __u32 c_noinline(__u32 x)
{
    return x + 7;
}

/* global, pointer argument checked before use */
__attribute__((noinline)) __u32 c_read_checked(const __u32 *p)
{
    if (!p)
        return 0;
    return *p + 1;
}

/* global, pointer argument used unchecked (the caller always passes one) */
__attribute__((noinline)) __u32 c_read_unchecked(const __u32 *p)
{
    return *p + 2;
}

/* static subprograms, reached through inlined global entry points */
static __attribute__((noinline)) __u32 scale(__u32 x)
{
    return x * 5;
}

static __attribute__((noinline)) __u32 read_static(const __u32 *p)
{
    return *p * 4;
}

__attribute__((always_inline)) __u32 c_via_static(__u32 x)
{
    return scale(x);
}

__attribute__((always_inline)) __u32 c_via_static_ptr(const __u32 *p)
{
    return read_static(p);
}
