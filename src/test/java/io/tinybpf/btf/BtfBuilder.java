package io.tinybpf.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Writes raw .BTF (and .BTF.ext) bytes for tests; ids are handed out in order from 1. */
public final class BtfBuilder {
    private final ByteOrder order;
    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private int nextId = 1;

    public BtfBuilder() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    public BtfBuilder(ByteOrder order) {
        this.order = order;
        strings.write(0);
        stringOffsets.put("", 0);
    }

    public int str(String s) {
        return stringOffsets.computeIfAbsent(s, k -> {
            int off = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        });
    }

    /** Raw record: header plus extra u32 words. */
    public int raw(int kind, String name, int vlen, boolean kflag, long sizeOrType, long... extra) {
        u32(types, str(name));
        u32(types, (kflag ? 1L << 31 : 0) | (long) kind << 24 | vlen);
        u32(types, sizeOrType);
        for (long e : extra) u32(types, e);
        return nextId++;
    }

    /** Raw record with an explicit name offset. */
    public int rawNamed(int kind, int nameOff, int vlen, long sizeOrType) {
        u32(types, nameOff);
        u32(types, (long) kind << 24 | vlen);
        u32(types, sizeOrType);
        return nextId++;
    }

    public int intType(String name, int size, int encoding) {
        return raw(1, name, 0, false, size, (long) encoding << 24 | size * 8L);
    }

    public int ptr(int type) {
        return raw(2, "", 0, false, type);
    }

    public int array(int elem, int index, long n) {
        return raw(3, "", 0, false, 0, elem, index, n);
    }

    /** members: name, type, bit offset triples. */
    public int struct(String name, int size, Object... members) {
        return composite(4, name, size, members);
    }

    public int union(String name, int size, Object... members) {
        return composite(5, name, size, members);
    }

    private int composite(int kind, String name, int size, Object... m) {
        long[] extra = new long[m.length];
        for (int i = 0; i < m.length; i += 3) {
            extra[i] = str((String) m[i]);
            extra[i + 1] = ((Number) m[i + 1]).longValue();
            extra[i + 2] = ((Number) m[i + 2]).longValue();
        }
        return raw(kind, name, m.length / 3, false, size, extra);
    }

    public int typedef(String name, int type) {
        return raw(8, name, 0, false, type);
    }

    /** params: name, type pairs. */
    public int funcProto(int ret, Object... params) {
        long[] extra = new long[params.length];
        for (int i = 0; i < params.length; i += 2) {
            extra[i] = str((String) params[i]);
            extra[i + 1] = ((Number) params[i + 1]).longValue();
        }
        return raw(13, "", params.length / 2, false, ret, extra);
    }

    public int func(String name, int proto, int linkage) {
        return raw(12, name, linkage, false, proto);
    }

    public int var(String name, int type, int linkage) {
        return raw(14, name, 0, false, type, linkage);
    }

    /** vars: type, offset, size triples. */
    public int datasec(String name, int size, long... vars) {
        return raw(15, name, vars.length / 3, false, size, vars);
    }

    public byte[] build() {
        byte[] t = types.toByteArray(), s = strings.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(24 + t.length + s.length).order(order);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24);
        b.putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        b.put(t).put(s);
        return b.array();
    }

    /** One .BTF.ext block entry: section name plus raw u32 words of its records. */
    public record ExtSection(String name, int records, long... words) {}

    /** .BTF.ext with 16-byte records for line_info/core_relo and 8-byte func_info. */
    public byte[] ext(ExtSection[] funcInfo, ExtSection[] lineInfo, ExtSection[] coreRelo) {
        byte[] f = block(8, funcInfo), l = block(16, lineInfo), c = block(16, coreRelo);
        ByteBuffer b = ByteBuffer.allocate(32 + f.length + l.length + c.length).order(order);
        b.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(32);
        b.putInt(0).putInt(f.length).putInt(f.length).putInt(l.length).putInt(f.length + l.length).putInt(c.length);
        b.put(f).put(l).put(c);
        return b.array();
    }

    private byte[] block(int recSize, ExtSection[] secs) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (secs.length == 0) return new byte[0];
        u32(o, recSize);
        for (ExtSection s : secs) {
            u32(o, str(s.name()));
            u32(o, s.records());
            for (long w : s.words()) u32(o, w);
        }
        return o.toByteArray();
    }

    private void u32(ByteArrayOutputStream o, long v) {
        byte[] b = ByteBuffer.allocate(4).order(order).putInt((int) v).array();
        o.writeBytes(b);
    }
}
