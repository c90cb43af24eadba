// A program that needs no BTF: no maps, no global variables, no externs, so libbpf loads its
// clang -g0 build. -DWITH_GLOBAL adds a global variable, which loaders expose through BTF.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifdef WITH_GLOBAL
__u64 packets;
#endif

SEC("xdp")
int pass(struct xdp_md *ctx)
{
#ifdef WITH_GLOBAL
    __sync_fetch_and_add(&packets, 1);
#endif
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
