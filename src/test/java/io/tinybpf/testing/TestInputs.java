package io.tinybpf.testing;

import io.tinybpf.kernel.Packets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * BPF_PROG_TEST_RUN inputs written as one-line specs, shared by the Go-construct matrix and the
 * code-quality benchmark (bench/code):
 * <ul>
 *   <li>a context: hex ({@code 0x0500...}), {@code zeros:N}, or little-endian fields back to back
 *       ({@code i64:-5,u32:7,u8:1}; {@code i32:pid} is the running process's id);</li>
 *   <li>a packet: {@link Packets#parse} ({@code udp 10.0.0.1:1 > 10.0.0.2:53}, {@code arp}), or
 *       {@code hex:ffff...} for raw bytes (a truncated or malformed frame).</li>
 * </ul>
 */
public final class TestInputs {
    private TestInputs() {}

    public static byte[] context(String spec) {
        if (spec.startsWith("0x")) return HexFormat.of().parseHex(spec.substring(2));
        if (spec.startsWith("zeros:")) return new byte[Integer.parseInt(spec.substring(6))];
        return fields(spec);
    }

    public static byte[] packet(String spec) {
        if (spec.startsWith("hex:")) return HexFormat.of().parseHex(spec.substring(4));
        return Packets.parse(spec);
    }

    /** {@code i64:-5,u32:7,u8:1}: little-endian fields, back to back. */
    public static byte[] fields(String spec) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        for (String f : spec.split(",")) {
            String[] tv = f.strip().split(":", 2);
            // "pid": the test's own process (a syscall program's test run executes in its thread)
            long v = tv[1].equals("pid") ? ProcessHandle.current().pid() : number(tv[1]);
            switch (tv[0]) {
                case "i8", "u8" -> b.put((byte) v);
                case "i16", "u16" -> b.putShort((short) v);
                case "i32", "u32" -> b.putInt((int) v);
                case "i64", "u64" -> b.putLong(v);
                default -> throw new IllegalArgumentException("field type " + tv[0]);
            }
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** A decimal or 0x number; unsigned 64-bit values above Long.MAX_VALUE wrap as the field's bits. */
    private static long number(String s) {
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        return new java.math.BigInteger(hex ? s.substring(2) : s, hex ? 16 : 10).longValue();
    }
}
