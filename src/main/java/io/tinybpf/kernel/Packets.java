package io.tinybpf.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crafted Ethernet frames for {@code BPF_PROG_TEST_RUN}: IPv4 with a TCP or UDP header, or an ARP
 * request. Headers are well formed (lengths, IPv4 checksum), so programs that check them behave
 * as on the wire; the payload is 8 zero bytes.
 */
public final class Packets {
    private Packets() {}

    public static final int UDP = 17, TCP = 6, ICMP = 1;

    private static final Pattern SPEC = Pattern.compile(
            "(udp|tcp|icmp)\\s+([0-9.]+)(?::(\\d+))?\\s*(?:>|->)\\s*([0-9.]+)(?::(\\d+))?", Pattern.CASE_INSENSITIVE);

    /** Ethernet + IPv4 + a TCP or UDP header (+ 8 payload bytes); addresses as dotted quads. */
    public static byte[] ipv4(int protocol, String src, String dst, int srcPort, int dstPort) {
        int l4 = protocol == TCP ? 20 : 8;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4 + 8).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {2, 0, 0, 0, 0, 1}).put(new byte[] {2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4 + 8)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) protocol).putShort((short) 0).put(addr(src)).put(addr(dst));
        b.putShort(24, checksum(b.array(), 14, 20));
        if (protocol == TCP) {
            b.putShort((short) srcPort).putShort((short) dstPort);
            b.putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02).putShort((short) 0xffff).putShort((short) 0).putShort((short) 0);
        } else if (protocol == UDP) {
            b.putShort((short) srcPort).putShort((short) dstPort);
            b.putShort((short) (8 + 8)).putShort((short) 0);
        } else {
            b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) srcPort).putShort((short) 1); // echo request
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

    /**
     * A packet from a one-line description: {@code "udp 10.0.0.1:1234 > 10.0.0.2:53"}, {@code "tcp
     * 10.0.0.1 > 10.0.0.2:80"} (a missing port is 0), {@code "icmp 10.0.0.1 > 10.0.0.2"}, or
     * {@code "arp"}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code spec}
     */
    public static byte[] parse(String spec) {
        String s = spec.strip();
        if (s.equalsIgnoreCase("arp")) return arp();
        Matcher m = SPEC.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + spec + "' is not a packet: expected e.g. \"udp 10.0.0.1:1234 > 10.0.0.2:53\", "
                    + "\"tcp 10.0.0.1 > 10.0.0.2:80\", \"icmp 10.0.0.1 > 10.0.0.2\" or \"arp\"");
        }
        int proto = switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "udp" -> UDP;
            case "tcp" -> TCP;
            default -> ICMP;
        };
        return ipv4(proto, m.group(2), m.group(4), port(m.group(3)), port(m.group(5)));
    }

    /** Four address bytes in network order. */
    public static byte[] addr(String dotted) {
        String[] p = dotted.split("\\.", -1);
        if (p.length != 4) throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v;
            try {
                v = Integer.parseInt(p[i]);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > 255) throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
            out[i] = (byte) v;
        }
        return out;
    }

    private static int port(String s) {
        if (s == null) return 0;
        if (s.length() > 5 || Integer.parseInt(s) > 65535) throw new IllegalArgumentException("port " + s + " is out of range (0-65535)");
        int p = Integer.parseInt(s);
        return p;
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes at {@code off}. */
    static short checksum(byte[] data, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) sum += ((data[off + i] & 0xff) << 8) | (data[off + i + 1] & 0xff);
        if ((len & 1) != 0) sum += (data[off + len - 1] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (short) ~sum;
    }
}
