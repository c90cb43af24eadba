package io.tinybpf.btf;

/**
 * A canonical description of a BTF type's memory layout, which generated bindings (Go and Java)
 * embed for every type they were generated from and compare with the object's BTF at load: a
 * rebuilt object whose types changed fails to load with "regenerate with tinybpf generate"
 * instead of being decoded with stale offsets.
 *
 * <p>Typedefs and qualifiers are skipped; type names are left out (renaming a type does not change
 * its bytes); member names are kept (the bindings' field names come from them). Grammar:
 * <pre>
 * u4 i8 b1          unsigned, signed, bool integer of N bytes
 * e4u e8i           enum of N bytes, unsigned or signed
 * f8                float of N bytes
 * p                 pointer
 * [16]u1            array of N elements
 * s28{PID@0=u4,Port@32=u2,...}   struct of N bytes: name@bit-offset[:bit-field size]=type
 * n8{a@0=u8,...}    union (same member syntax)
 * ?                 anything else (void, functions, forward declarations)
 * </pre>
 * The generated Go code computes the same string from cilium/ebpf's {@code btf.Type}; both must
 * stay in step with this grammar.
 */
public final class BtfLayout {
    private static final int MAX_DEPTH = 16;

    private BtfLayout() {}

    public static String of(Btf btf, int typeId) {
        StringBuilder b = new StringBuilder();
        append(b, btf, typeId, 0);
        return b.toString();
    }

    private static void append(StringBuilder b, Btf btf, int id, int depth) {
        if (depth > MAX_DEPTH) {
            b.append("...");
            return;
        }
        switch (btf.resolve(id)) {
            case BtfType.Int i -> b.append((i.encoding() & BtfType.Int.BOOL) != 0 ? "b" : i.signed() ? "i" : "u").append(i.size());
            case BtfType.Enum e -> b.append('e').append(e.size()).append(e.signed() ? 'i' : 'u');
            case BtfType.Enum64 e -> b.append('e').append(e.size()).append(e.signed() ? 'i' : 'u');
            case BtfType.Float f -> b.append('f').append(f.size());
            case BtfType.Ptr p -> b.append('p');
            case BtfType.Array a -> {
                b.append('[').append(a.nelems()).append(']');
                append(b, btf, a.elemType(), depth + 1);
            }
            case BtfType.Struct s -> members(b, "s", s.size(), s.members(), btf, depth);
            case BtfType.Union u -> members(b, "n", u.size(), u.members(), btf, depth);
            default -> b.append('?');
        }
    }

    private static void members(StringBuilder b, String kind, long size, java.util.List<BtfType.Member> members, Btf btf, int depth) {
        b.append(kind).append(size).append('{');
        for (int i = 0; i < members.size(); i++) {
            BtfType.Member m = members.get(i);
            if (i > 0) b.append(',');
            b.append(m.name()).append('@').append(m.bitOffset());
            if (m.bitfieldSize() != 0) b.append(':').append(m.bitfieldSize());
            b.append('=');
            append(b, btf, m.type(), depth + 1);
        }
        b.append('}');
    }
}
