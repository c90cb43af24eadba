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
 * Java types for BTF types, each with its FFM {@link java.lang.foreign.MemoryLayout} and the code
 * that reads and writes it in a {@link java.lang.foreign.MemorySegment} at a byte offset.
 *
 * <p>Integers become {@code byte}/{@code short}/{@code int}/{@code long} by size (Java has no
 * unsigned types: an unsigned value keeps its bits, read it with {@code Integer.toUnsignedLong}
 * and friends), {@code bool} {@code boolean}, floats {@code float}/{@code double}, pointers
 * {@code long}, enums their integer, arrays of scalars primitive arrays, arrays of structs arrays
 * of records, structs records. Unions, bit-fields, nested arrays and odd-sized integers are the
 * bytes that hold them ({@code byte[]}). All value layouts are unaligned and in the object's byte
 * order, and every gap is a padding layout, so a record's {@code LAYOUT} has exactly BTF's size
 * and offsets.
 */
final class JavaTypes {
    /** A Java type with its layout and codec. Layout constants (U1, U2, ...) are declared by the generated class. */
    sealed interface T {
        /** As a declaration: {@code int}, {@code byte[]}, {@code ConnectEvent}. */
        String type();

        /** As a type argument: {@code Integer}, {@code byte[]}. */
        String boxed();

        long size();

        /** A MemoryLayout expression. */
        String layout();

        /** An expression reading the value from segment {@code s} at byte offset {@code off}. */
        String read(String s, String off);

        /** A statement writing {@code v} into {@code s} at {@code off} (checking array lengths). */
        String write(String s, String off, String v);

        default boolean isArray() {
            return type().endsWith("[]");
        }
    }

    /** A primitive: {@code constant} is the layout constant (U4, I8, F4, B1, ...). */
    record Prim(String type, String boxed, long size, String constant) implements T {
        public String layout() {
            return constant;
        }

        public String read(String s, String off) {
            return s + ".get(" + constant + ", " + off + ")";
        }

        public String write(String s, String off, String v) {
            return s + ".set(" + constant + ", " + off + ", " + v + ");";
        }
    }

    /** {@code n} elements of a primitive ({@code byte[]} for raw bytes). */
    record PrimArray(Prim elem, long n) implements T {
        public String type() {
            return elem.type() + "[]";
        }

        public String boxed() {
            return type();
        }

        public long size() {
            return elem.size() * n;
        }

        public String layout() {
            return "MemoryLayout.sequenceLayout(" + n + ", " + elem.constant() + ")";
        }

        public String read(String s, String off) {
            return s + ".asSlice(" + off + ", " + size() + ").toArray(" + elem.constant() + ")";
        }

        public String write(String s, String off, String v) {
            return "MemorySegment.copy(length(" + v + ", " + n + "), 0, " + s + ", " + elem.constant() + ", " + off + ", " + n + ");";
        }
    }

    /** A struct as a record. */
    record Ref(Decl decl) implements T {
        public String type() {
            return decl.name;
        }

        public String boxed() {
            return decl.name;
        }

        public long size() {
            return decl.size;
        }

        public String layout() {
            return decl.name + ".LAYOUT";
        }

        public String read(String s, String off) {
            return decl.name + ".decode(" + s + ".asSlice(" + off + ", " + decl.size + "))";
        }

        public String write(String s, String off, String v) {
            return v + ".encode(" + s + ".asSlice(" + off + ", " + decl.size + "));";
        }
    }

    /** {@code n} structs. */
    record RefArray(Decl decl, long n) implements T {
        public String type() {
            return decl.name + "[]";
        }

        public String boxed() {
            return type();
        }

        public long size() {
            return decl.size * n;
        }

        public String layout() {
            return "MemoryLayout.sequenceLayout(" + n + ", " + decl.name + ".LAYOUT)";
        }

        public String read(String s, String off) {
            return "java.util.stream.IntStream.range(0, " + n + ").mapToObj(i -> " + decl.name + ".decode(" + s + ".asSlice(" + off
                    + " + i * " + decl.size + "L, " + decl.size + "))).toArray(" + decl.name + "[]::new)";
        }

        public String write(String s, String off, String v) {
            return "for (int i = 0; i < " + n + "; i++) length(" + v + ", " + n + ")[i].encode(" + s + ".asSlice(" + off + " + i * "
                    + decl.size + "L, " + decl.size + "));";
        }
    }

    static final Prim U1 = new Prim("byte", "Byte", 1, "U1"), U2 = new Prim("short", "Short", 2, "U2"),
            U4 = new Prim("int", "Integer", 4, "U4"), U8 = new Prim("long", "Long", 8, "U8"),
            F4 = new Prim("float", "Float", 4, "F4"), F8 = new Prim("double", "Double", 8, "F8"),
            B1 = new Prim("boolean", "Boolean", 1, "B1");

    static T bytes(long n) {
        return new PrimArray(U1, n);
    }

    /** A record component; {@code layoutName} is the BTF member name the layout element carries. */
    record Field(String name, String layoutName, T type, long offset, String note) {}

    /** A record declaration; {@code fields} in offset order, {@code gaps} the padding before each field and at the end. */
    static final class Decl {
        final String name;
        final int btfId;
        final String btfName;
        final long size;
        String doc = "";
        final List<Field> fields = new ArrayList<>();

        Decl(String name, int btfId, String btfName, long size) {
            this.name = name;
            this.btfId = btfId;
            this.btfName = btfName;
            this.size = size;
        }

        boolean hasArrays() {
            return fields.stream().anyMatch(f -> f.type().isArray());
        }
    }

    static final class TypeException extends Exception {
        TypeException(String message) {
            super(message);
        }
    }

    /** Names a generated type may not take: they would hide java.lang or the types the generated code uses. */
    static final Set<String> RESERVED_TYPES = Set.of("String", "Object", "Integer", "Long", "Short", "Byte", "Boolean", "Float",
            "Double", "Character", "Math", "System", "Override", "Record", "Enum", "Class", "Iterable", "Runnable", "Exception",
            "RuntimeException", "IllegalArgumentException", "IllegalStateException", "Thread", "Void", "Number", "Optional", "List",
            "Map", "Path", "Files", "Arrays", "Objects", "MemoryLayout", "MemorySegment", "ValueLayout", "StructLayout", "ByteOrder",
            "BpfObject", "BpfMap", "BpfProgram", "OpenOptions", "RingBufferReader", "PerfBufferReader", "ObjectLayouts", "Consumer",
            "IOException", "InputStream", "TempDirs", "LoadResult");

    private final Btf btf;
    private final Set<String> taken;
    private final Map<Integer, Decl> byBtfId = new HashMap<>();
    private final Map<String, Decl> byName = new LinkedHashMap<>();
    private final Set<Integer> inProgress = new HashSet<>();

    /** {@code taken}: type names already used in the generated file (the class and its nested classes). */
    JavaTypes(Btf btf, Set<String> taken) {
        this.btf = btf;
        this.taken = taken;
    }

    /** The record declarations, sorted by name. */
    List<Decl> decls() {
        List<Decl> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(d -> d.name));
        return out;
    }

    /** The Java type of BTF type {@code id}; {@code context} names anonymous structs ({@code EventsKey}). */
    T of(int id, String context) throws TypeException {
        BtfType t = btf.type(id);
        return switch (t) {
            // Java has no type aliases: a typedef of a struct names the record (Go's "type connectEvent struct"
            // is such a typedef in BTF), any other typedef and qualifiers are what they name
            case BtfType.Typedef td when btf.resolve(td.type()) instanceof BtfType.Struct s && !JavaIdent.upperCamel(td.name()).isEmpty() ->
                    new Ref(declare(s, JavaIdent.upperCamel(td.name()), true));
            case BtfType.Modifier m -> of(m.type(), context);
            case BtfType.Struct s -> new Ref(declare(s, context, false));
            case BtfType.Union u -> bytes(u.size());
            case BtfType.Enum e -> integer(e.signed(), e.size());
            case BtfType.Enum64 e -> integer(e.signed(), e.size());
            case BtfType.Int i -> {
                if ((i.encoding() & BtfType.Int.BOOL) != 0 && i.size() == 1) yield B1;
                yield integer(i.signed(), i.size());
            }
            case BtfType.Float f -> f.size() == 4 ? F4 : f.size() == 8 ? F8 : bytes(f.size());
            case BtfType.Ptr p -> U8;
            case BtfType.Array a -> {
                T elem = of(a.elemType(), context + "Elem");
                yield switch (elem) {
                    case Prim p when p != B1 -> new PrimArray(p, a.nelems());
                    case Ref r -> new RefArray(r.decl(), a.nelems());
                    default -> bytes(elem.size() * a.nelems()); // nested arrays, booleans: their bytes
                };
            }
            default -> throw new TypeException("BTF type [" + id + "] " + btf.describe(id) + " (" + t.kind() + ") has no Java equivalent");
        };
    }

    private static T integer(boolean signed, long size) {
        return switch ((int) size) {
            case 1 -> U1;
            case 2 -> U2;
            case 4 -> U4;
            case 8 -> U8;
            default -> bytes(size); // __int128 and odd sizes
        };
    }

    /** {@code named}: {@code context} is the typedef's name, which wins over the struct's own. */
    private Decl declare(BtfType.Struct s, String context, boolean named) throws TypeException {
        Decl known = byBtfId.get(s.id());
        if (known != null) return known;
        if (!inProgress.add(s.id())) throw new TypeException("BTF struct [" + s.id() + "] '" + s.name() + "' contains itself");
        try {
            String name = named ? context : JavaIdent.upperCamel(s.name());
            if (name.isEmpty()) name = context;
            if (RESERVED_TYPES.contains(name)) name = name + "Type";
            Decl d = struct(name, s);
            Decl same = byName.get(name);
            if (same != null) {
                if (!signature(same).equals(signature(d))) {
                    throw new TypeException("BTF structs [" + same.btfId + "] '" + same.btfName + "' and [" + s.id() + "] '" + s.name()
                            + "' are different but both map to the Java name " + name);
                }
                byBtfId.put(s.id(), same); // BTF without deduplication repeats types
                return same;
            }
            if (!taken.add(name)) throw new TypeException("BTF struct '" + s.name() + "' maps to the Java name " + name + ", which is taken (--name picks another class name)");
            byName.put(name, d);
            byBtfId.put(s.id(), d);
            return d;
        } finally {
            inProgress.remove(s.id());
        }
    }

    private static String signature(Decl d) {
        StringBuilder sb = new StringBuilder().append(d.size);
        for (Field f : d.fields) sb.append(';').append(f.name()).append('@').append(f.offset()).append(':').append(f.type().type());
        return sb.toString();
    }

    /** Component names a record cannot use: its own methods and Object's. */
    static final Set<String> RESERVED_COMPONENTS = Set.of("encode", "decode", "hashCode", "toString", "equals", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize", "length");

    private Decl struct(String name, BtfType.Struct s) throws TypeException {
        Decl d = new Decl(name, s.id(), s.name(), s.size());
        d.doc = (s.name().isEmpty() ? "An anonymous BTF struct (type [" + s.id() + "])" : "BTF struct {@code " + JavaIdent.comment(s.name()) + "}")
                + " (" + s.size() + " bytes).";
        List<BtfType.Member> members = new ArrayList<>(s.members());
        members.sort(Comparator.comparingLong(BtfType.Member::bitOffset));
        Set<String> seen = new HashSet<>();
        long pos = 0;
        int anon = 0;
        for (BtfType.Member m : members) {
            String memberName = m.name().isEmpty() || m.name().equals("_") ? null : m.name();
            if (m.bitAddressed()) {
                // bit-fields: the bytes that hold them, once, named after the first
                long start = m.bitOffset() / 8;
                long end = m.endByte(btf.sizeOf(m.type()).orElse(0));
                if (end <= pos) continue;
                start = Math.max(start, pos);
                if (memberName == null) {
                    pos = end; // unnamed padding bits: left to the padding layout
                    continue;
                }
                d.fields.add(new Field(component(memberName, seen, name), memberName, bytes(end - start), start,
                        "bit-field " + memberName + " and those sharing its bytes, as raw bytes"));
                pos = end;
                continue;
            }
            long off = m.bitOffset() / 8;
            String ctx = name + (memberName == null ? "Anon" + anon : JavaIdent.upperCamel(memberName));
            T type = of(m.type(), ctx);
            if (type.size() == 0) continue; // flexible arrays, empty structs
            if (off < pos) throw new TypeException("member '" + m.name() + "' of BTF struct '" + s.name() + "' overlaps the previous member");
            String field;
            if (memberName != null) field = component(memberName, seen, name);
            else if (btf.resolve(m.type()) instanceof BtfType.Composite) field = component("anon" + anon++, seen, name);
            else {
                pos = off + type.size(); // an unnamed non-struct member: padding
                continue;
            }
            d.fields.add(new Field(field, memberName == null ? field : memberName, type, off, null));
            pos = off + type.size();
        }
        if (pos > s.size()) throw new TypeException("members of BTF struct '" + s.name() + "' end at byte " + pos + ", past its size " + s.size());
        return d;
    }

    private static String component(String btfName, Set<String> seen, String struct) throws TypeException {
        String c = JavaIdent.lowerCamel(btfName);
        if (c.isEmpty()) throw new TypeException("a member of " + struct + " ('" + btfName + "') has no letters or digits to name a component after");
        if (RESERVED_COMPONENTS.contains(c)) c = c + "_";
        if (!seen.add(c)) throw new TypeException("two members of " + struct + " map to the Java component name " + c + " (one is '" + btfName + "')");
        return c;
    }
}
