package io.tinybpf.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Crafted Ethernet/IPv4 packets for BPF_PROG_TEST_RUN. */
public final class Packets {
    private Packets() {}

    public static final int UDP = 17, TCP = 6, ICMP = 1;

    /** Ethernet + IPv4 + a TCP or UDP header (+ 8 payload bytes); addresses as dotted quads. */
    public static byte[] ipv4(int protocol, String src, String dst, int srcPort, int dstPort) {
        int l4 = protocol == TCP ? 20 : 8;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4 + 8).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {2, 0, 0, 0, 0, 1}).put(new byte[] {2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4 + 8)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) protocol).putShort((short) 0).put(addr(src)).put(addr(dst));
        b.putShort((short) srcPort).putShort((short) dstPort);
        if (protocol == TCP) {
            b.putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02).putShort((short) 0xffff).putShort((short) 0).putShort((short) 0);
        } else {
            b.putShort((short) (8 + 8)).putShort((short) 0);
        }
        b.put(new byte[8]);
        return b.array();
    }

    /** An ARP request (not IPv4). */
    public static byte[] arp() {
        ByteBuffer b = ByteBuffer.allocate(42).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1}).put(new byte[] {2, 0, 0, 0, 0, 2}).putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        return b.array();
    }

    public static byte[] addr(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
                (byte) Integer.parseInt(p[3])};
    }
}
