package io.tinybpf.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test-only libc socket calls (socketpair, AF_PACKET injection) and packet builders. */
@SuppressWarnings("restricted")
final class TestNet {
    private TestNet() {}

    private static final Linker L = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private static MethodHandle h(String name, FunctionDescriptor fd) {
        return L.downcallHandle(L.defaultLookup().find(name).orElseThrow(), fd, ERRNO);
    }

    private static final MethodHandle SOCKET = h("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKETPAIR =
            h("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SEND = h("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = h("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDTO = h("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));

    static final int AF_UNIX = 1, AF_PACKET = 17, SOCK_RAW = 3, SOCK_DGRAM = 2, MSG_DONTWAIT = 0x40;

    private static MemorySegment state(Arena a) {
        return a.allocate(Linker.Option.captureStateLayout());
    }

    private static int errno(MemorySegment st) {
        return st.get(JAVA_INT, Linker.Option.captureStateLayout().byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("errno")));
    }

    static int[] socketpair(int type) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a), fds = a.allocate(JAVA_INT, 2);
            int r = (int) SOCKETPAIR.invokeExact(st, AF_UNIX, type, 0, fds);
            if (r < 0) throw new KernelException("socketpair", errno(st));
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    static void send(int fd, byte[] data) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a), buf = a.allocate(data.length);
            MemorySegment.copy(data, 0, buf, JAVA_BYTE, 0, data.length);
            long r = (long) SEND.invokeExact(st, fd, buf, (long) data.length, 0);
            if (r < 0) throw new KernelException("send", errno(st));
        }
    }

    /** A non-blocking receive: the datagram, or null when none is queued. */
    static byte[] recvNow(int fd) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a), buf = a.allocate(65536);
            long r = (long) RECV.invokeExact(st, fd, buf, 65536L, MSG_DONTWAIT);
            if (r < 0) {
                int e = errno(st);
                if (e == Errno.EAGAIN) return null;
                throw new KernelException("recv", e);
            }
            byte[] out = new byte[(int) r];
            MemorySegment.copy(buf, JAVA_BYTE, 0, out, 0, (int) r);
            return out;
        }
    }

    /** Opens an AF_PACKET raw socket (caller closes it with {@link Native#close}). */
    static int packetSocket() throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a);
            int fd = (int) SOCKET.invokeExact(st, AF_PACKET, SOCK_RAW, 0);
            if (fd < 0) throw new KernelException("socket(AF_PACKET)", errno(st));
            return fd;
        }
    }

    /** Sends a complete Ethernet frame out of {@code ifindex}. */
    static void inject(int packetFd, int ifindex, byte[] frame) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = state(a), buf = a.allocate(frame.length), ll = a.allocate(20, 4);
            MemorySegment.copy(frame, 0, buf, JAVA_BYTE, 0, frame.length);
            ll.set(JAVA_SHORT, 0, (short) AF_PACKET);          // sll_family
            ll.set(JAVA_SHORT, 2, Short.reverseBytes((short) 0x0800)); // sll_protocol (network order)
            ll.set(JAVA_INT, 4, ifindex);                       // sll_ifindex
            ll.set(JAVA_BYTE, 11, (byte) 6);                    // sll_halen
            for (int i = 0; i < 6; i++) ll.set(JAVA_BYTE, 12 + i, (byte) 0xff);
            long r = (long) SENDTO.invokeExact(st, packetFd, buf, (long) frame.length, 0, ll, 20);
            if (r < 0) throw new KernelException("sendto(AF_PACKET)", errno(st));
        }
    }

    /** Ethernet (broadcast) + IPv4 + UDP (or another protocol) frame with a small payload. */
    static byte[] udpFrame(int dstPort) {
        return ipv4Frame(17, 40000, dstPort, "tinybpf".getBytes());
    }

    static byte[] ipv4Frame(int protocol, int srcPort, int dstPort, byte[] payload) {
        int l4 = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 6; i++) b.put((byte) 0xff);                 // dst MAC
        b.put(new byte[] {0x02, 0, 0, 0, 0, 0x01});                       // src MAC (local admin)
        b.putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4)).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        int sum = 0;
        for (int i = 0; i < 20; i += 2) sum += ((b.get(ipStart + i) & 0xff) << 8) | (b.get(ipStart + i + 1) & 0xff);
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        b.putShort(ipStart + 10, (short) ~sum);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) l4).putShort((short) 0).put(payload);
        return b.array();
    }
}
