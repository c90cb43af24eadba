// socket filter reading headers with bpf_skb_load_bytes into locals
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "GPL";

struct l4ports {
	__u16 sport, dport;
};

SEC("socket")
int skb_load(struct __sk_buff *skb)
{
	struct iphdr ip;
	struct l4ports ports;

	if (bpf_skb_load_bytes(skb, 0, &ip, sizeof(ip)))
		return 0;
	if (ip.protocol != IPPROTO_TCP && ip.protocol != IPPROTO_UDP)
		return 0;
	if (bpf_skb_load_bytes(skb, ip.ihl * 4, &ports, sizeof(ports)))
		return 0;
	if (ports.dport == bpf_htons(53))
		return 0xffff;
	if (ip.protocol == IPPROTO_TCP && ports.dport == bpf_htons(443))
		return 64;
	return 0;
}
