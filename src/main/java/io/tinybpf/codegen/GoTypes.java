package io.tinybpf.codegen;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Go types for BTF types, with the exact layout of the BPF object.
 *
 * <p>Scalars become Go's sized integers ({@code uint32}, {@code int64}, {@code byte} when BTF says
 * so), pointers {@code uint64} (a kernel address is of no use to userspace as a pointer), arrays
 * arrays. Structs, unions and enums become named declarations; typedefs of other types collapse
 * to what they name.
 *
 * <p>Layout: every struct gets explicit {@code _ [n]byte} padding wherever BTF has a gap, including
 * at the end, so field offsets and sizes equal BTF's on every architecture (on 32-bit ones Go
 * aligns 64-bit integers to 4 bytes, which explicit padding makes irrelevant). Members Go cannot
 * place (misaligned members of packed structs, bit-fields) become byte arrays of their size;
 * unions become byte arrays. {@link Decl#checks} lists the offsets and sizes the generated file
 * asserts at compile time.
 */
final class GoTypes {
    /** A Go type expression with its size and alignment on 64-bit architectures. */
    sealed interface T {
        String expr();

        long size();

        int align();
    }

    record Basic(String expr, long size, int align) implements T {}

    record Arr(T elem, long n) implements T {
        public String expr() {
            return "[" + n + "]" + elem.expr();
        }

        public long size() {
            return elem.size() * n;
        }

        public int align() {
            return elem.align();
        }
    }

    record Ref(Decl decl) implements T {
        public String expr() {
            return decl.name;
        }

        public long size() {
            return decl.size;
        }

        public int align() {
            return decl.align;
        }
    }

    static final Basic BYTE = new Basic("byte", 1, 1), UINT64 = new Basic("uint64", 8, 8);

    /** A struct field; {@code name} is {@code _} for padding. {@code note} is a comment line above it. */
    record Field(String name, T type, long offset, String note) {
        boolean padding() {
            return name.equals("_");
        }
    }

    enum Kind { STRUCT, ARRAY, ENUM }

    /** A named Go type declaration. */
    static final class Decl {
        final String name;
        final int btfId;
        final String btfName;
        final Kind kind;
        final long size;
        int align = 1;
        String doc = "";
        final List<Field> fields = new ArrayList<>();
        T underlying; // ARRAY and ENUM
        final List<String[]> consts = new ArrayList<>(); // ENUM: name, value

        Decl(String name, int btfId, String btfName, Kind kind, long size) {
            this.name = name;
            this.btfId = btfId;
            this.btfName = btfName;
            this.kind = kind;
            this.size = size;
        }

        /** The declaration as Go source (fields aligned as gofmt does). */
        void render(GoSource src) {
            src.doc(doc);
            switch (kind) {
                case STRUCT -> {
                    if (fields.isEmpty()) {
                        src.line("type " + name + " struct{}");
                        return;
                    }
                    src.open("type " + name + " struct {");
                    for (Field f : fields) {
                        if (f.note() != null) src.comment(f.note());
                        src.row(f.name(), f.type().expr());
                    }
                    src.close("}");
                }
                case ARRAY -> src.line("type " + name + " " + underlying.expr());
                case ENUM -> {
                    src.line("type " + name + " " + underlying.expr());
                    if (!consts.isEmpty()) {
                        src.blank();
                        src.open("const (");
                        for (String[] c : consts) src.row(c[0], name + " = " + c[1]);
                        src.close(")");
                    }
                }
            }
        }

        String body() {
            GoSource s = new GoSource();
            render(s);
            return s.toString();
        }

        /** Compile-time layout assertions: {@code expression - expected} must be 0. */
        List<String[]> checks() {
            List<String[]> out = new ArrayList<>();
            String zero = switch (kind) {
                case STRUCT, ARRAY -> name + "{}";
                case ENUM -> name + "(0)";
            };
            out.add(new String[] {"unsafe.Sizeof(" + zero + ")", Long.toString(size)});
            if (kind == Kind.STRUCT) {
                for (Field f : fields) {
                    if (!f.padding()) out.add(new String[] {"unsafe.Offsetof(" + name + "{}." + f.name() + ")", Long.toString(f.offset())});
                }
            }
            return out;
        }
    }

    /** Thrown when a type cannot be expressed or names collide. */
    static final class TypeException extends Exception {
        TypeException(String message) {
            super(message);
        }
    }

    private final Btf btf;
    private final String prefix;
    private final Names names;
    private final Map<Integer, Decl> byBtfId = new HashMap<>();
    private final Map<String, Decl> byName = new LinkedHashMap<>();
    private final Set<Integer> inProgress = new HashSet<>();

    /** Go identifiers of the generated file: each may be claimed once. */
    interface Names {
        void claim(String goName, String origin) throws TypeException;
    }

    GoTypes(Btf btf, String prefix, Names names) {
        this.btf = btf;
        this.prefix = prefix;
        this.names = names;
    }

    /** Declarations, sorted by name. */
    List<Decl> decls() {
        List<Decl> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(d -> d.name));
        return out;
    }

    /**
     * The Go type of BTF type {@code id}. {@code context} names an anonymous struct, union or enum
     * (without the prefix), e.g. {@code EventsKey}.
     */
    T of(int id, String context) throws TypeException {
        BtfType t = btf.type(id);
        return switch (t) {
            case BtfType.Typedef td -> {
                BtfType target = btf.resolve(td.type());
                if (isDeclared(target) && !GoIdent.camel(td.name()).isEmpty()) yield new Ref(declare(td.id(), td.name(), target, context));
                yield of(td.type(), context);
            }
            case BtfType.Modifier m -> of(m.type(), context);
            case BtfType.Struct s -> new Ref(declare(s.id(), s.name(), s, context));
            case BtfType.Union u -> new Ref(declare(u.id(), u.name(), u, context));
            case BtfType.Enum e -> new Ref(declare(e.id(), e.name(), e, context));
            case BtfType.Enum64 e -> new Ref(declare(e.id(), e.name(), e, context));
            case BtfType.Int i -> intType(i);
            case BtfType.Float f -> f.size() == 4 ? new Basic("float32", 4, 4) : f.size() == 8 ? new Basic("float64", 8, 8) : bytes(f.size());
            case BtfType.Ptr p -> UINT64;
            case BtfType.Array a -> {
                T elem = of(a.elemType(), context + "Elem");
                yield new Arr(elem, a.nelems());
            }
            default -> throw new TypeException("BTF type [" + id + "] " + btf.describe(id) + " (" + t.kind() + ") has no Go equivalent");
        };
    }

    private static boolean isDeclared(BtfType t) {
        return t instanceof BtfType.Composite || t instanceof BtfType.Enum || t instanceof BtfType.Enum64;
    }

    static T bytes(long n) {
        return new Arr(BYTE, n);
    }

    private static T intType(BtfType.Int i) {
        long size = i.size();
        if (size == 1 && (i.encoding() & BtfType.Int.BOOL) != 0) return new Basic("bool", 1, 1);
        if (size == 1 && i.name().equals("byte")) return BYTE;
        Basic b = sized(i.signed(), size);
        return b != null ? b : bytes(size); // __int128 and odd sizes: the bytes, little or big endian as the object is
    }

    /** The Go integer of this size and signedness, or null when no Go integer has the size. */
    private static Basic sized(boolean signed, long size) {
        String sign = signed ? "int" : "uint";
        return switch ((int) size) {
            case 1 -> new Basic(sign + "8", 1, 1);
            case 2 -> new Basic(sign + "16", 2, 2);
            case 4 -> new Basic(sign + "32", 4, 4);
            case 8 -> new Basic(sign + "64", 8, 8);
            default -> null;
        };
    }

    private Decl declare(int id, String btfName, BtfType target, String context) throws TypeException {
        Decl known = byBtfId.get(id);
        if (known != null) return known;
        if (!inProgress.add(id)) throw new TypeException("BTF type [" + id + "] '" + btfName + "' contains itself");
        try {
            String base = GoIdent.camel(btfName);
            if (base.isEmpty()) base = context;
            String goName = prefix + base;
            Decl d = switch (target) {
                case BtfType.Composite c when c instanceof BtfType.Struct -> struct(goName, id, btfName, (BtfType.Struct) c);
                case BtfType.Composite c -> union(goName, id, btfName, c);
                case BtfType.Enum e -> enumDecl(goName, id, btfName, e.size(), e.signed(), e.values(), false);
                case BtfType.Enum64 e -> enumDecl(goName, id, btfName, e.size(), e.signed(), e.values(), true);
                default -> throw new IllegalStateException();
            };
            Decl same = byName.get(goName);
            if (same != null) {
                // Identical declarations (BTF without deduplication repeats types) become one.
                if (!same.body().equals(d.body())) {
                    throw new TypeException("BTF types [" + same.btfId + "] '" + same.btfName + "' and [" + id + "] '" + btfName
                            + "' are different but both map to the Go name " + goName);
                }
                byBtfId.put(id, same);
                return same;
            }
            names.claim(goName, "BTF type [" + id + "] '" + (btfName.isEmpty() ? "(anon)" : btfName) + "'");
            for (String[] c : d.consts) names.claim(c[0], "enumerator " + c[0] + " of BTF type [" + id + "]");
            byName.put(goName, d);
            byBtfId.put(id, d);
            return d;
        } finally {
            inProgress.remove(id);
        }
    }

    private static String label(int id, String btfName, String kind) {
        return btfName.isEmpty() ? "an anonymous BTF " + kind + " (type [" + id + "])" : "BTF " + kind + " " + btfName;
    }

    private Decl struct(String goName, int id, String btfName, BtfType.Struct s) throws TypeException {
        Decl d = new Decl(goName, id, btfName, Kind.STRUCT, s.size());
        d.doc = goName + " is " + label(id, btfName, "struct") + " (" + s.size() + " bytes).";
        List<BtfType.Member> members = new ArrayList<>(s.members());
        members.sort(Comparator.comparingLong(BtfType.Member::bitOffset)); // stable: keeps BTF order on ties
        Set<String> seen = new HashSet<>();
        long pos = 0;
        int anon = 0;
        for (BtfType.Member m : members) {
            String memberName = m.name().isEmpty() || m.name().equals("_") ? null : m.name();
            if (m.bitAddressed()) {
                // bit-fields: the bytes that hold them, once, as a byte array named after the first
                long start = m.bitOffset() / 8;
                long end = m.endByte(btf.sizeOf(m.type()).orElse(0));
                if (end <= pos) continue;
                start = Math.max(start, pos);
                if (start > pos) d.fields.add(new Field("_", bytes(start - pos), pos, null));
                String name = memberName == null ? "_" : fieldName(memberName, seen, goName);
                d.fields.add(new Field(name, bytes(end - start), start,
                        memberName == null ? null : "bit-field " + memberName + " and those sharing its bytes, as raw bytes"));
                pos = end;
                continue;
            }
            long off = m.bitOffset() / 8;
            String ctx = goName.substring(prefix.length()) + (memberName == null ? "Anon" + anon : GoIdent.exported(memberName));
            T type = of(m.type(), ctx);
            if (type.size() == 0) continue; // flexible arrays, empty structs: no bytes (and Go pads a trailing one)
            if (off < pos) {
                throw new TypeException("member '" + m.name() + "' of " + label(id, btfName, "struct") + " overlaps the previous member");
            }
            if (off > pos) d.fields.add(new Field("_", bytes(off - pos), pos, null));
            String note = null;
            if (off % type.align() != 0) {
                note = m.name() + " is " + type.expr() + " at a misaligned offset, kept as its bytes";
                type = bytes(type.size());
            }
            String name;
            if (memberName != null) {
                name = fieldName(memberName, seen, goName);
            } else if (btf.resolve(m.type()) instanceof BtfType.Composite) {
                name = fieldName("Anon" + anon++, seen, goName); // C's anonymous struct/union members
            } else {
                name = "_";
            }
            d.fields.add(new Field(name, type, off, note));
            pos = off + type.size();
        }
        if (pos > s.size()) {
            throw new TypeException("members of " + label(id, btfName, "struct") + " end at byte " + pos + ", past its size " + s.size());
        }
        if (pos < s.size()) d.fields.add(new Field("_", bytes(s.size() - pos), pos, null));
        // Go rounds a struct's size up to its alignment; a packed struct whose size is not a multiple
        // keeps its most-aligned members as bytes until it is.
        while (true) {
            int align = 1;
            for (Field f : d.fields) align = Math.max(align, f.type().align());
            if (s.size() % align == 0) {
                d.align = align;
                break;
            }
            for (int i = 0; i < d.fields.size(); i++) {
                Field f = d.fields.get(i);
                if (f.type().align() == align) {
                    d.fields.set(i, new Field(f.name(), bytes(f.type().size()), f.offset(),
                            f.padding() ? null : f.name() + " is " + f.type().expr() + " in a packed struct, kept as its bytes"));
                }
            }
        }
        return d;
    }

    private static String fieldName(String btfName, Set<String> seen, String struct) throws TypeException {
        String name = GoIdent.exported(btfName);
        if (name.isEmpty()) name = "_";
        if (!name.equals("_") && !seen.add(name)) {
            throw new TypeException("two members of " + struct + " map to the Go field name " + name + " (one is '" + btfName + "')");
        }
        return name;
    }

    private Decl union(String goName, int id, String btfName, BtfType.Composite u) throws TypeException {
        Decl d = new Decl(goName, id, btfName, Kind.ARRAY, u.size());
        d.underlying = bytes(u.size());
        StringBuilder members = new StringBuilder();
        for (BtfType.Member m : u.members()) {
            if (!members.isEmpty()) members.append(", ");
            members.append(m.name().isEmpty() ? "(anon)" : m.name()).append(' ').append(btf.describe(m.type()));
        }
        d.doc = goName + " is " + label(id, btfName, "union") + " (" + u.size() + " bytes), as its bytes: Go has no unions.\n"
                + "Members: " + members + ".";
        return d;
    }

    private Decl enumDecl(String goName, int id, String btfName, long size, boolean signed, List<BtfType.EnumValue> values,
                          boolean is64) throws TypeException {
        Decl d = new Decl(goName, id, btfName, Kind.ENUM, size);
        Basic underlying = sized(signed, size);
        if (underlying == null) throw new TypeException(label(id, btfName, "enum") + " has size " + size + ", which no Go integer has");
        d.underlying = underlying;
        d.align = underlying.align();
        d.doc = goName + " is " + label(id, btfName, "enum") + ".";
        Set<String> seen = new HashSet<>();
        long bits = size * 8;
        for (BtfType.EnumValue v : values) {
            String c = goName + GoIdent.exported(v.name());
            if (GoIdent.exported(v.name()).isEmpty() || !seen.add(c)) {
                throw new TypeException("enumerator '" + v.name() + "' of " + label(id, btfName, "enum") + " has no distinct Go name");
            }
            long raw = v.value();
            if (!is64) raw &= 0xffff_ffffL;
            String lit;
            if (signed) {
                long x = bits >= 64 ? raw : raw << (64 - bits) >> (64 - bits); // sign-extend from the enum's size
                lit = Long.toString(x);
            } else {
                long x = bits >= 64 ? raw : raw & ((1L << bits) - 1);
                lit = Long.toUnsignedString(x);
            }
            d.consts.add(new String[] {c, lit});
        }
        return d;
    }
}
