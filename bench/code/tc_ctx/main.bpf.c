// tc classifier reading __sk_buff fields and marking packets
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int tc_ctx(struct __sk_buff *skb)
{
	if (skb->protocol != bpf_htons(ETH_P_IP)) {
		skb->mark = 1;
		return TC_ACT_OK;
	}
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	if (data + 34 > end)
		return TC_ACT_SHOT;
	__u8 proto = *(__u8 *)(data + 23);
	if (skb->len < 60)
		skb->mark = 2;
	else
		skb->mark = skb->len + proto;
	skb->priority = skb->len & 7;
	if (proto == IPPROTO_ICMP)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}
