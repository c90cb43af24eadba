package io.tinybpf.btf;

import java.nio.ByteBuffer;

/**
 * Formats raw bytes (a ring-buffer record, a map value) as described by a BTF type, for humans:
 * {@code PID=4321 Port=8080 Addr=127.0.0.1 Comm="curl"}. Byte arrays print as strings when they
 * hold text, as dotted quads when they are 4-byte addresses, else as hex.
 */
public final class BtfValues {
    private BtfValues() {}

    public static String format(Btf btf, int typeId, byte[] data) {
        StringBuilder sb = new StringBuilder();
        ByteBuffer b = ByteBuffer.wrap(data).order(btf.byteOrder());
        append(sb, btf, typeId, b, 0, null, 0);
        return sb.toString();
    }

    /**
     * The same value as a JSON tree (for {@code --json} output): structs and unions become objects
     * (padding members left out), arrays lists, integers numbers (unsigned 64-bit ones beyond
     * {@code Long.MAX_VALUE} as {@link java.math.BigInteger}), booleans booleans, and byte arrays
     * strings: text when they hold text, a dotted quad for 4-byte addresses, else {@code 0x...} hex.
     */
    public static Object json(Btf btf, int typeId, byte[] data) {
        return value(btf, typeId, ByteBuffer.wrap(data).order(btf.byteOrder()), 0, null, 0);
    }

    private static Object value(Btf btf, int typeId, ByteBuffer b, int off, String name, int depth) {
        BtfType t = btf.resolve(typeId);
        if (depth > 8) return null;
        return switch (t) {
            case BtfType.Struct s -> object(btf, s.members(), b, off, depth);
            case BtfType.Union u -> object(btf, u.members(), b, off, depth);
            case BtfType.Int i -> number(b, off, i.size(), i.signed(), (i.encoding() & BtfType.Int.BOOL) != 0);
            case BtfType.Enum e -> number(b, off, (int) e.size(), e.signed(), false);
            case BtfType.Ptr p -> "0x" + Long.toHexString(read(b, off, 8));
            case BtfType.Array a -> {
                long elemSize = btf.sizeOf(a.elemType()).orElse(1);
                if (elemSize == 1) {
                    StringBuilder sb = new StringBuilder();
                    array(sb, btf, a, b, off, name, depth);
                    String str = sb.toString();
                    yield str.startsWith("\"") ? str.substring(1, str.length() - 1) : str;
                }
                int n = (int) Math.min(a.nelems(), Math.max(0, (b.limit() - off) / Math.max(1, elemSize)));
                java.util.List<Object> out = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) out.add(value(btf, a.elemType(), b, off + (int) (i * elemSize), null, depth + 1));
                yield out;
            }
            default -> hex(b, off, (int) Math.min(btf.sizeOf(typeId).orElse(0), Math.max(0, b.limit() - off)));
        };
    }

    private static Object object(Btf btf, java.util.List<BtfType.Member> members, ByteBuffer b, int off, int depth) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (BtfType.Member m : members) {
            if (m.name() == null || m.name().isEmpty() || m.name().equals("_")) continue; // padding
            int at = off + (int) (m.bitOffset() / 8);
            if (at >= b.limit()) break;
            out.put(m.name(), value(btf, m.type(), b, at, m.name(), depth + 1));
        }
        return out;
    }

    private static Object number(ByteBuffer b, int off, int size, boolean signed, boolean bool) {
        if (off + size > b.limit()) return null;
        long v = read(b, off, size);
        if (bool) return v != 0;
        if (signed && size < 8) v = (v << (64 - 8 * size)) >> (64 - 8 * size);
        if (!signed && size == 8 && v < 0) return new java.math.BigInteger(Long.toUnsignedString(v));
        return v;
    }

    private static void append(StringBuilder sb, Btf btf, int typeId, ByteBuffer b, int off, String name, int depth) {
        BtfType t = btf.resolve(typeId);
        if (depth > 8) {
            sb.append("…");
            return;
        }
        switch (t) {
            case BtfType.Struct s -> composite(sb, btf, s.members(), b, off, depth, name == null);
            case BtfType.Union u -> composite(sb, btf, u.members(), b, off, depth, name == null);
            case BtfType.Int i -> sb.append(integer(b, off, i.size(), i.signed(), (i.encoding() & BtfType.Int.BOOL) != 0));
            case BtfType.Enum e -> sb.append(integer(b, off, (int) e.size(), e.signed(), false));
            case BtfType.Ptr p -> sb.append("0x").append(Long.toHexString(read(b, off, 8)));
            case BtfType.Array a -> array(sb, btf, a, b, off, name, depth);
            default -> {
                long size = btf.sizeOf(typeId).orElse(0);
                sb.append(hex(b, off, (int) Math.min(size, Math.max(0, b.limit() - off))));
            }
        }
    }

    private static void composite(StringBuilder sb, Btf btf, java.util.List<BtfType.Member> members, ByteBuffer b, int off,
                                  int depth, boolean top) {
        if (!top) sb.append('{');
        boolean first = true;
        for (BtfType.Member m : members) {
            if (m.name() == null || m.name().isEmpty() || m.name().equals("_")) continue; // padding
            int at = off + (int) (m.bitOffset() / 8);
            if (at >= b.limit()) break;
            if (!first) sb.append(' ');
            first = false;
            sb.append(m.name()).append('=');
            append(sb, btf, m.type(), b, at, m.name(), depth + 1);
        }
        if (!top) sb.append('}');
    }

    private static void array(StringBuilder sb, Btf btf, BtfType.Array a, ByteBuffer b, int off, String name, int depth) {
        long elemSize = btf.sizeOf(a.elemType()).orElse(1);
        int n = (int) Math.min(a.nelems(), Math.max(0, (b.limit() - off) / Math.max(1, elemSize)));
        if (elemSize == 1) {
            byte[] bytes = new byte[n];
            b.get(off, bytes);
            if (n == 4 && name != null && name.toLowerCase(java.util.Locale.ROOT).contains("addr")) {
                sb.append(bytes[0] & 0xff).append('.').append(bytes[1] & 0xff).append('.').append(bytes[2] & 0xff).append('.').append(bytes[3] & 0xff);
                return;
            }
            int len = 0;
            while (len < n && bytes[len] != 0) len++;
            boolean text = len > 0;
            for (int i = 0; i < len; i++) if (bytes[i] < 0x20 || bytes[i] > 0x7e) text = false;
            for (int i = len; i < n && text; i++) if (bytes[i] != 0) text = false;
            if (text) {
                sb.append('"').append(new String(bytes, 0, len, java.nio.charset.StandardCharsets.US_ASCII)).append('"');
            } else {
                sb.append(hex(b, off, n));
            }
            return;
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(' ');
            append(sb, btf, a.elemType(), b, off + (int) (i * elemSize), null, depth + 1);
        }
        sb.append(']');
    }

    private static String integer(ByteBuffer b, int off, int size, boolean signed, boolean bool) {
        if (off + size > b.limit()) return "?";
        long v = read(b, off, size);
        if (bool) return v != 0 ? "true" : "false";
        if (signed && size < 8) v = (v << (64 - 8 * size)) >> (64 - 8 * size);
        return signed || size < 8 ? Long.toString(v) : Long.toUnsignedString(v);
    }

    private static long read(ByteBuffer b, int off, int size) {
        if (off + size > b.limit()) return 0;
        return switch (size) {
            case 1 -> b.get(off) & 0xffL;
            case 2 -> b.getShort(off) & 0xffffL;
            case 4 -> b.getInt(off) & 0xffffffffL;
            default -> b.getLong(off);
        };
    }

    private static String hex(ByteBuffer b, int off, int n) {
        StringBuilder sb = new StringBuilder("0x");
        for (int i = 0; i < n && off + i < b.limit(); i++) sb.append(String.format("%02x", b.get(off + i)));
        return sb.toString();
    }

}
