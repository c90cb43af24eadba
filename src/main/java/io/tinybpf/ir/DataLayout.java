package io.tinybpf.ir;

import java.util.HashMap;
import java.util.Map;

/**
 * Sizes and alignments of types under the BPF data layout ({@code e-m:e-p:64:64-i64:64-i128:128-n32:64-S128}):
 * pointers are 8 bytes, integers are aligned to their size up to 8 (i128 to 16), structs are laid
 * out as C does unless packed. Named structs are resolved through the module's type definitions.
 * This is what the transform runs on after retargeting, and what llc will lay values out by.
 */
public final class DataLayout {
    private final Module module;
    private final Map<String, Type> named = new HashMap<>();

    public DataLayout(Module module) {
        this.module = module;
    }

    /** Allocation size in bytes ({@code sizeof} with tail padding), or -1 for unsized types. */
    public long sizeOf(Type t) {
        return switch (t) {
            case Type.Int i -> roundPow2Bytes(i.bits());
            case Type.Ptr p -> 8;
            case Type.Fp f -> switch (f.name()) {
                case "half", "bfloat" -> 2;
                case "float" -> 4;
                case "double" -> 8;
                default -> 16;
            };
            case Type.Array a -> {
                long el = sizeOf(a.element());
                yield el < 0 ? -1 : el * a.count();
            }
            case Type.Vector v -> {
                long el = sizeOf(v.element());
                yield el < 0 || v.scalable() ? -1 : el * v.count();
            }
            case Type.Struct s -> structSize(s);
            case Type.Named n -> {
                Type body = body(n);
                yield body == null ? -1 : sizeOf(body);
            }
            default -> -1;
        };
    }

    /** ABI alignment in bytes. */
    public long alignOf(Type t) {
        return switch (t) {
            case Type.Int i -> Math.min(i.bits() > 64 ? 16 : 8, roundPow2Bytes(i.bits()));
            case Type.Ptr p -> 8;
            case Type.Fp f -> Math.min(8, Math.max(1, sizeOf(f)));
            case Type.Array a -> alignOf(a.element());
            case Type.Vector v -> Math.max(1, Math.min(16, sizeOf(v)));
            case Type.Struct s -> {
                if (s.packed()) yield 1;
                long max = 1;
                for (Type f : s.fields()) max = Math.max(max, alignOf(f));
                yield max;
            }
            case Type.Named n -> {
                Type body = body(n);
                yield body == null ? 1 : alignOf(body);
            }
            default -> 1;
        };
    }

    /** Byte offset of field {@code index} of a struct type. */
    public long fieldOffset(Type.Struct s, int index) {
        long off = 0;
        for (int i = 0; i < s.fields().size(); i++) {
            Type f = s.fields().get(i);
            if (!s.packed()) off = align(off, alignOf(f));
            if (i == index) return off;
            off += sizeOf(f);
        }
        throw new IndexOutOfBoundsException("field " + index + " of " + s);
    }

    /** The byte offset a GEP adds to its base when every index is constant; -1 otherwise. */
    public long constantOffset(Inst.Gep g) {
        java.util.List<Operand> idx = g.indices();
        Type t = g.sourceType();
        long off = 0;
        for (int k = 0; k < idx.size(); k++) {
            Long c = idx.get(k).value() == null ? null : idx.get(k).value().intValue();
            if (c == null) return -1;
            if (k == 0) {
                off += c * Math.max(0, sizeOf(t));
                continue;
            }
            Type.Struct s = struct(t);
            if (s != null) {
                if (c < 0 || c >= s.fields().size()) return -1;
                off += fieldOffset(s, c.intValue());
                t = s.fields().get(c.intValue());
            } else if (t instanceof Type.Array a) {
                off += c * sizeOf(a.element());
                t = a.element();
            } else {
                return -1;
            }
        }
        return off;
    }

    /** The struct behind a type: a literal struct, or a named one's body; null otherwise. */
    public Type.Struct struct(Type t) {
        if (t instanceof Type.Struct s) return s;
        if (t instanceof Type.Named n && body(n) instanceof Type.Struct s) return s;
        return null;
    }

    private long structSize(Type.Struct s) {
        long off = 0;
        long max = 1;
        for (Type f : s.fields()) {
            long size = sizeOf(f);
            if (size < 0) return -1;
            long a = s.packed() ? 1 : alignOf(f);
            max = Math.max(max, a);
            off = align(off, a) + size;
        }
        return s.packed() ? off : align(off, max);
    }

    private Type body(Type.Named n) {
        Type cached = named.get(n.name());
        if (cached != null) return cached;
        TypeDef def = module.typeDef(n.name());
        Type body = def == null ? null : def.type();
        if (body != null) named.put(n.name(), body);
        return body;
    }

    private static long roundPow2Bytes(int bits) {
        long bytes = Math.max(1, (bits + 7) / 8);
        return Long.bitCount(bytes) == 1 ? bytes : Long.highestOneBit(bytes) << 1;
    }

    static long align(long v, long a) {
        return a <= 1 ? v : (v + a - 1) / a * a;
    }
}
