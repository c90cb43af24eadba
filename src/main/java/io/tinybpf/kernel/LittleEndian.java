package io.tinybpf.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian encoding helpers for map keys and values (BPF uses host order; x86_64/arm64 are LE). */
public final class LittleEndian {
    private LittleEndian() {}

    public static byte[] u16(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    public static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    public static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    public static int u16At(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    public static int u32At(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    public static long u64At(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A zero-filled little-endian buffer of {@code size} bytes to build structs into. */
    public static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Concatenates byte arrays (handy for composite keys). */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
