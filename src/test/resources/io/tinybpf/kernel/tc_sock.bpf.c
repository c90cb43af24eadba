// A tc classifier and two socket filters.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} tc_seen SEC(".maps");

/* tc ingress/egress: shoot IPv4/UDP to port 9 (discard), let everything else through; count UDP. */
SEC("tc")
int tc_drop_discard(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data;
    void *end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return TC_ACT_OK;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_UDP)
        return TC_ACT_OK;
    struct udphdr *udp = (void *)ip + ip->ihl * 4;
    if ((void *)(udp + 1) > end)
        return TC_ACT_OK;
    __u32 k = 0;
    __u64 *v = bpf_map_lookup_elem(&tc_seen, &k);
    if (v)
        __sync_fetch_and_add(v, 1);
    return udp->dest == bpf_htons(9) ? TC_ACT_SHOT : TC_ACT_OK;
}

/* Socket filter on IP packets: drop UDP to port 53, keep everything else whole. */
SEC("socket")
int sock_drop_dns(struct __sk_buff *skb)
{
    __u8 proto;
    __u16 dport;
    if (bpf_skb_load_bytes(skb, 9, &proto, 1) || proto != IPPROTO_UDP)
        return skb->len;
    if (bpf_skb_load_bytes(skb, 22, &dport, 2))
        return skb->len;
    return dport == bpf_htons(53) ? 0 : skb->len;
}

/* Socket filter for datagram payloads (AF_UNIX): drop datagrams starting with 'X'. */
SEC("socket")
int sock_drop_x(struct __sk_buff *skb)
{
    __u8 first;
    if (bpf_skb_load_bytes(skb, 0, &first, 1))
        return skb->len;
    return first == 'X' ? 0 : skb->len;
}
