//go:build tinygo

// bench: tc classifier reading __sk_buff fields and marking packets
// covers: context loads, direct packet access from tc
// program: tc_ctx tc
// input: tc_ctx packet=udp 10.0.0.1:1000 > 10.0.0.2:53
// input: tc_ctx packet=tcp 10.0.0.1:1000 > 10.0.0.2:80
// input: tc_ctx packet=icmp 10.0.0.1 > 10.0.0.2
// input: tc_ctx packet=arp
package main

import "unsafe"

const (
	tcActOK   = 0
	tcActShot = 2
)

// skBuff is struct __sk_buff up to data_end.
type skBuff struct {
	Len, PktType, Mark, QueueMapping, Protocol, VlanPresent, VlanTCI, VlanProto, Priority uint32
	IngressIfindex, Ifindex, TCIndex                                                    uint32
	CB                                                                                  [5]uint32
	Hash, TCClassid, Data, DataEnd                                                      uint32
}

func htons(x uint16) uint16 { return x<<8 | x>>8 }

//export tc_ctx
func tc_ctx(skb *skBuff) int32 {
	if skb.Protocol != uint32(htons(0x0800)) {
		skb.Mark = 1
		return tcActOK
	}
	data := uintptr(skb.Data)
	end := uintptr(skb.DataEnd)
	if data+34 > end {
		return tcActShot
	}
	proto := *(*uint8)(unsafe.Pointer(data + 23))
	if skb.Len < 60 {
		skb.Mark = 2
	} else {
		skb.Mark = skb.Len + uint32(proto)
	}
	skb.Priority = skb.Len & 7
	if proto == 1 {
		return tcActShot
	}
	return tcActOK
}

func main() {}
