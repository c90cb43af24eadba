package io.tinybpf.btf;

import io.tinybpf.btf.BtfType.Linkage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parsed {@code .BTF} data (kernel {@code Documentation/bpf/btf.rst}). Parsing checks the header,
 * every record's bounds, kind, names and type references, and rejects reference loops through
 * pointers, arrays, vars, typedefs and modifiers, so the helpers here never fail on a parsed object.
 */
public final class Btf {
    public static final int MAGIC = 0xeb9f;
    public static final int HEADER_SIZE = 24;
    /**
     * {@link #describe} elides deeper declarators and stops after this many steps: malformed BTF can
     * make a function prototype take pointers to itself, which would otherwise grow exponentially.
     */
    private static final int DESCRIBE_DEPTH = 48, DESCRIBE_STEPS = 2000;

    private final ByteOrder order;
    private final int version;
    private final int flags;
    private final List<BtfType> types;
    private final Strings strings;
    private final Map<String, List<BtfType>> byName;

    private Btf(ByteOrder order, int version, int flags, List<BtfType> types, Strings strings) {
        this.order = order;
        this.version = version;
        this.flags = flags;
        this.types = Collections.unmodifiableList(types);
        this.strings = strings;
        Map<String, List<BtfType>> names = new HashMap<>();
        for (BtfType t : types) {
            if (!t.name().isEmpty()) names.computeIfAbsent(t.name(), k -> new ArrayList<>(1)).add(t);
        }
        this.byName = names;
    }

    public static Btf parse(byte[] data) throws BtfFormatException {
        return parse(ByteBuffer.wrap(data));
    }

    /** Parses the bytes between {@code data}'s position and limit (the buffer is not modified). */
    public static Btf parse(ByteBuffer data) throws BtfFormatException {
        ByteBuffer b = data.slice();
        int len = b.remaining();
        if (len < HEADER_SIZE) throw new BtfFormatException("truncated BTF: " + len + " bytes, the header alone needs " + HEADER_SIZE);
        b.order(byteOrder(b, "BTF"));
        int version = b.get(2) & 0xff, flags = b.get(3) & 0xff;
        if (version != 1) throw new BtfFormatException("unsupported BTF version " + version + " (expected 1)");
        if (flags != 0) throw new BtfFormatException("unsupported BTF header flags 0x" + Integer.toHexString(flags));
        long hdrLen = u32(b, 4), typeOff = u32(b, 8), typeLen = u32(b, 12), strOff = u32(b, 16), strLen = u32(b, 20);
        if (hdrLen < HEADER_SIZE || hdrLen > len) throw new BtfFormatException("BTF header length " + hdrLen + " is invalid (must be " + HEADER_SIZE + ".." + len + ")");
        long typeStart = hdrLen + typeOff, strStart = hdrLen + strOff;
        if (typeStart + typeLen > len) throw new BtfFormatException("BTF type section (offset " + typeOff + ", length " + typeLen + ") extends past the end of the data (" + len + " bytes)");
        if (strStart + strLen > len) throw new BtfFormatException("BTF string section (offset " + strOff + ", length " + strLen + ") extends past the end of the data (" + len + " bytes)");
        if ((typeOff & 3) != 0) throw new BtfFormatException("BTF type section offset " + typeOff + " is not 4-byte aligned");
        if (typeLen > 0 && strLen > 0 && typeStart < strStart + strLen && strStart < typeStart + typeLen) {
            throw new BtfFormatException("BTF type section and string section overlap");
        }
        if (strLen == 0 || b.get((int) strStart) != 0 || b.get((int) (strStart + strLen - 1)) != 0) {
            throw new BtfFormatException("BTF string section must start and end with a NUL byte (length " + strLen + ")");
        }
        byte[] str = new byte[(int) strLen];
        b.get((int) strStart, str);
        Strings strings = new Strings(str);
        List<BtfType> types = new Parser(b, (int) typeStart, (int) (typeStart + typeLen), strings).parse();
        checkReferences(types);
        checkLoops(types);
        return new Btf(b.order(), version, flags, types, strings);
    }

    static ByteOrder byteOrder(ByteBuffer b, String what) throws BtfFormatException {
        int lo = b.get(0) & 0xff, hi = b.get(1) & 0xff;
        if ((hi << 8 | lo) == MAGIC) return ByteOrder.LITTLE_ENDIAN;
        if ((lo << 8 | hi) == MAGIC) return ByteOrder.BIG_ENDIAN;
        throw new BtfFormatException(String.format("bad %s magic %02x %02x (expected 0xeb9f)", what, lo, hi));
    }

    static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffff_ffffL;
    }

    public ByteOrder byteOrder() {
        return order;
    }

    public int version() {
        return version;
    }

    public int flags() {
        return flags;
    }

    /** Number of type ids, including id 0 (void). */
    public int typeCount() {
        return types.size();
    }

    /** All types indexed by id; element 0 is {@link BtfType.Void}. */
    public List<BtfType> types() {
        return types;
    }

    public boolean hasType(int id) {
        return id >= 0 && id < types.size();
    }

    /** @throws IllegalArgumentException for an id this BTF does not have */
    public BtfType type(int id) {
        if (!hasType(id)) throw new IllegalArgumentException("no BTF type id " + id + " (" + types.size() + " types)");
        return types.get(id);
    }

    /** The string at {@code offset} in the string section. */
    public Optional<String> string(long offset) {
        try {
            return Optional.of(strings.get(offset, "string"));
        } catch (BtfFormatException e) {
            return Optional.empty();
        }
    }

    String stringOrThrow(long offset, String what) throws BtfFormatException {
        return strings.get(offset, what);
    }

    /** All types with this name, in id order. */
    public List<BtfType> byName(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The first type with this name and kind. */
    public Optional<BtfType> find(String name, BtfKind kind) {
        for (BtfType t : byName(name)) {
            if (t.kind() == kind) return Optional.of(t);
        }
        return Optional.empty();
    }

    /** The first type with this name of the given record class, e.g. {@code find(".maps", BtfType.DataSec.class)}. */
    public <T extends BtfType> Optional<T> find(String name, Class<T> type) {
        for (BtfType t : byName(name)) {
            if (type.isInstance(t)) return Optional.of(type.cast(t));
        }
        return Optional.empty();
    }

    /** The id reached by skipping typedef, const, volatile, restrict and type tags. */
    public int resolveId(int id) {
        BtfType t = type(id);
        while (t instanceof BtfType.Modifier m) t = types.get(m.type()); // loop-free: checked at parse
        return t.id();
    }

    public BtfType resolve(int id) {
        return types.get(resolveId(id));
    }

    /**
     * Size in bytes as the C compiler lays it out: pointers are 8 bytes, arrays are element size
     * times count, typedefs/modifiers/vars take their target's size. Empty for void, functions,
     * forward declarations and sizes that overflow.
     */
    public OptionalLong sizeOf(int id) {
        long factor = 1;
        BtfType t = type(id);
        while (true) {
            switch (t) {
                case BtfType.Array a -> {
                    try {
                        factor = Math.multiplyExact(factor, a.nelems());
                    } catch (ArithmeticException e) {
                        return OptionalLong.empty();
                    }
                    t = types.get(a.elemType());
                }
                case BtfType.Modifier m -> t = types.get(m.type());
                case BtfType.Var v -> t = types.get(v.type());
                default -> {
                    long size = switch (t) {
                        case BtfType.Int i -> i.size();
                        case BtfType.Ptr p -> 8;
                        case BtfType.Composite c -> c.size();
                        case BtfType.Enum e -> e.size();
                        case BtfType.Enum64 e -> e.size();
                        case BtfType.Float f -> f.size();
                        case BtfType.DataSec d -> d.size();
                        default -> -1;
                    };
                    if (size < 0) return OptionalLong.empty();
                    try {
                        return OptionalLong.of(Math.multiplyExact(factor, size));
                    } catch (ArithmeticException e) {
                        return OptionalLong.empty();
                    }
                }
            }
        }
    }

    /**
     * A C-like spelling of the type: {@code struct event}, {@code __u32}, {@code int (*)[27]},
     * {@code const char *}; a FUNC reads as its prototype ({@code int prog(struct xdp_md *ctx)}),
     * a VAR as its declaration.
     */
    public String describe(int id) {
        type(id); // range check before the walk
        return decl(id, "", 0, new int[] {DESCRIBE_STEPS});
    }

    private String decl(int id, String inner, int depth, int[] steps) {
        if (depth > DESCRIBE_DEPTH || --steps[0] < 0) return join("...", inner);
        BtfType t = type(id);
        return switch (t) {
            case BtfType.Void v -> join("void", inner);
            case BtfType.Int i -> join(i.name(), inner);
            case BtfType.Float f -> join(f.name(), inner);
            case BtfType.Typedef td -> join(td.name(), inner);
            case BtfType.Struct s -> join("struct " + orAnon(s.name()), inner);
            case BtfType.Union u -> join("union " + orAnon(u.name()), inner);
            case BtfType.Enum e -> join("enum " + orAnon(e.name()), inner);
            case BtfType.Enum64 e -> join("enum " + orAnon(e.name()), inner);
            case BtfType.Fwd f -> join((f.union() ? "union " : "struct ") + f.name(), inner);
            case BtfType.Ptr p -> decl(p.type(), "*" + inner, depth + 1, steps);
            case BtfType.Const c -> modifier("const", c.type(), inner, depth, steps);
            case BtfType.Volatile v -> modifier("volatile", v.type(), inner, depth, steps);
            case BtfType.Restrict r -> modifier("restrict", r.type(), inner, depth, steps);
            case BtfType.TypeTag tt -> modifier("__attribute__((btf_type_tag(\"" + tt.name() + "\")))", tt.type(), inner, depth, steps);
            case BtfType.Array a -> decl(a.elemType(), paren(inner) + "[" + a.nelems() + "]", depth + 1, steps);
            case BtfType.FuncProto fp -> decl(fp.returnType(), paren(inner) + "(" + params(fp, false, depth, steps) + ")", depth + 1, steps);
            case BtfType.Func f -> {
                BtfType proto = types.get(f.type());
                yield proto instanceof BtfType.FuncProto fp
                        ? decl(fp.returnType(), f.name() + "(" + params(fp, true, depth, steps) + ")", depth + 1, steps)
                        : f.name();
            }
            case BtfType.Var v -> decl(v.type(), v.name(), depth + 1, steps);
            case BtfType.DataSec d -> "SEC(\"" + d.name() + "\")";
            case BtfType.DeclTag dt -> "__attribute__((btf_decl_tag(\"" + dt.name() + "\"))) " + decl(dt.type(), inner, depth + 1, steps);
        };
    }

    private String modifier(String keyword, int target, String inner, int depth, int[] steps) {
        // A qualified pointer reads "int *const"; a qualified base type reads "const int".
        BtfType t = types.get(target);
        while (t instanceof BtfType.Modifier m && !(t instanceof BtfType.Typedef)) t = types.get(m.type());
        if (t instanceof BtfType.Ptr) return decl(target, inner.isEmpty() ? keyword : keyword + " " + inner, depth + 1, steps);
        return keyword + " " + decl(target, inner, depth + 1, steps);
    }

    private String params(BtfType.FuncProto fp, boolean names, int depth, int[] steps) {
        if (fp.params().isEmpty()) return "void";
        StringBuilder sb = new StringBuilder();
        for (BtfType.Param p : fp.params()) {
            if (!sb.isEmpty()) sb.append(", ");
            if (p.type() == 0) sb.append("...");
            else sb.append(decl(p.type(), names ? p.name() : "", depth + 1, steps));
        }
        return sb.toString();
    }

    private static String join(String base, String inner) {
        if (inner.isEmpty()) return base;
        return inner.startsWith("[") ? base + inner : base + " " + inner;
    }

    private static String paren(String inner) {
        return inner.startsWith("*") ? "(" + inner + ")" : inner;
    }

    private static String orAnon(String name) {
        return name.isEmpty() ? "{...}" : name;
    }

    private static void checkReferences(List<BtfType> types) throws BtfFormatException {
        int n = types.size();
        for (BtfType t : types) {
            switch (t) {
                case BtfType.Ref r -> ref(t, r.type(), n, "type");
                case BtfType.Array a -> {
                    ref(t, a.elemType(), n, "element type");
                    ref(t, a.indexType(), n, "index type");
                }
                case BtfType.Composite c -> {
                    for (BtfType.Member m : c.members()) ref(t, m.type(), n, "member '" + m.name() + "' type");
                }
                case BtfType.FuncProto fp -> {
                    ref(t, fp.returnType(), n, "return type");
                    for (int i = 0; i < fp.params().size(); i++) ref(t, fp.params().get(i).type(), n, "parameter " + i + " type");
                }
                case BtfType.DataSec d -> {
                    for (BtfType.VarSecInfo v : d.vars()) {
                        ref(t, v.type(), n, "variable type");
                        BtfKind k = types.get(v.type()).kind();
                        if (k != BtfKind.VAR && k != BtfKind.FUNC) {
                            throw new BtfFormatException(what(t) + ": entry refers to type [" + v.type() + "] of kind " + k + " (expected VAR or FUNC)");
                        }
                    }
                }
                default -> {}
            }
            if (t instanceof BtfType.Func f && !(types.get(f.type()) instanceof BtfType.FuncProto)) {
                throw new BtfFormatException(what(t) + ": type [" + f.type() + "] is " + types.get(f.type()).kind() + ", expected FUNC_PROTO");
            }
        }
    }

    private static void ref(BtfType t, long id, int n, String field) throws BtfFormatException {
        if (id < 0 || id >= n) throw new BtfFormatException(what(t) + ": " + field + " id " + id + " is out of range (" + n + " types)");
    }

    /** Pointer, array, var, typedef and modifier edges must end somewhere (each type has at most one). */
    private static void checkLoops(List<BtfType> types) throws BtfFormatException {
        byte[] state = new byte[types.size()]; // 0 = new, 1 = on the current walk, 2 = known to terminate
        for (int start = 1; start < types.size(); start++) {
            int id = start;
            while (id != 0 && state[id] == 0) {
                state[id] = 1;
                id = next(types.get(id));
            }
            if (id != 0 && state[id] == 1) throw new BtfFormatException(what(types.get(id)) + " is part of a reference loop");
            for (id = start; id != 0 && state[id] == 1; id = next(types.get(id))) state[id] = 2;
        }
    }

    private static int next(BtfType t) {
        return switch (t) {
            case BtfType.Ptr p -> p.type();
            case BtfType.Modifier m -> m.type();
            case BtfType.Array a -> a.elemType();
            case BtfType.Var v -> v.type();
            default -> 0;
        };
    }

    static String what(BtfType t) {
        return "type [" + t.id() + "] " + t.kind() + (t.name().isEmpty() ? "" : " '" + t.name() + "'");
    }

    /** NUL-terminated strings with a per-offset cache and a decoding budget (see ElfFile). */
    static final class Strings {
        private final byte[] s;
        private final Map<Long, String> cache = new HashMap<>();
        private long budget;

        Strings(byte[] s) {
            this.s = s;
            this.budget = 8L * s.length + 4096;
        }

        /** Synchronized: a parsed Btf may be shared, and BtfExt parsing and {@link #string} still fill the cache. */
        synchronized String get(long off, String what) throws BtfFormatException {
            if (off < 0 || off >= s.length) throw new BtfFormatException(what + ": string offset " + off + " is outside the BTF string section (" + s.length + " bytes)");
            String c = cache.get(off);
            if (c != null) return c;
            int start = (int) off;
            long limit = Math.min(s.length, start + budget);
            for (int i = start; i < limit; i++) {
                if (s[i] == 0) {
                    budget -= i - start;
                    String str = new String(s, start, i - start, java.nio.charset.StandardCharsets.UTF_8);
                    cache.put(off, str);
                    return str;
                }
            }
            // The section ends with NUL (checked), so only an exhausted budget gets here.
            throw new BtfFormatException(what + ": BTF names overlap so much that decoding them would exceed " + (8L * s.length) + " characters");
        }
    }

    private static final class Parser {
        private final ByteBuffer b;
        private final int end;
        private final Strings strings;
        private int pos;

        Parser(ByteBuffer b, int start, int end, Strings strings) {
            this.b = b;
            this.pos = start;
            this.end = end;
            this.strings = strings;
        }

        List<BtfType> parse() throws BtfFormatException {
            List<BtfType> types = new ArrayList<>();
            types.add(new BtfType.Void());
            while (pos < end) {
                int id = types.size();
                need(12, id, "type header");
                long nameOff = u32(b, pos), info = u32(b, pos + 4), sizeOrType = u32(b, pos + 8);
                pos += 12;
                int kindNo = (int) (info >>> 24) & 0x1f;
                int vlen = (int) (info & 0xffff);
                boolean kflag = (info >>> 31) != 0;
                BtfKind kind = BtfKind.of(kindNo);
                if (kind == null) throw new BtfFormatException("type [" + id + "]: unknown BTF kind " + kindNo);
                String name = strings.get(nameOff, "type [" + id + "] " + kind + " name");
                int ref = (int) Math.min(sizeOrType, Integer.MAX_VALUE); // out-of-range ids fail the reference check
                types.add(switch (kind) {
                    case INT -> {
                        need(4, id, "INT data");
                        long v = u32(b, pos);
                        pos += 4;
                        int enc = (int) (v >>> 24) & 0x0f, off = (int) (v >>> 16) & 0xff, bits = (int) (v & 0xff);
                        if (sizeOrType != 1 && sizeOrType != 2 && sizeOrType != 4 && sizeOrType != 8 && sizeOrType != 16) {
                            throw new BtfFormatException("type [" + id + "] INT '" + name + "': invalid size " + sizeOrType);
                        }
                        if (bits > 128 || off + bits > sizeOrType * 8) {
                            throw new BtfFormatException("type [" + id + "] INT '" + name + "': " + bits + " bits at offset " + off + " do not fit in " + sizeOrType + " bytes");
                        }
                        yield new BtfType.Int(id, name, (int) sizeOrType, enc, off, bits);
                    }
                    case PTR -> new BtfType.Ptr(id, name, ref);
                    case ARRAY -> {
                        need(12, id, "ARRAY data");
                        BtfType.Array a = new BtfType.Array(id, name, idRef(u32(b, pos)), idRef(u32(b, pos + 4)), u32(b, pos + 8));
                        pos += 12;
                        yield a;
                    }
                    case STRUCT, UNION -> {
                        need(12L * vlen, id, vlen + " members");
                        List<BtfType.Member> ms = new ArrayList<>(vlen);
                        for (int i = 0; i < vlen; i++) {
                            String mn = strings.get(u32(b, pos), "type [" + id + "] member " + i + " name");
                            long off = u32(b, pos + 8);
                            // kind_flag: the offset word packs bitfield size (high 8) and bit offset (low 24).
                            ms.add(kflag ? new BtfType.Member(mn, idRef(u32(b, pos + 4)), off & 0xffffff, (int) (off >>> 24))
                                    : new BtfType.Member(mn, idRef(u32(b, pos + 4)), off, 0));
                            pos += 12;
                        }
                        yield kind == BtfKind.STRUCT ? new BtfType.Struct(id, name, sizeOrType, List.copyOf(ms))
                                : new BtfType.Union(id, name, sizeOrType, List.copyOf(ms));
                    }
                    case ENUM -> {
                        need(8L * vlen, id, vlen + " enumerators");
                        List<BtfType.EnumValue> vs = new ArrayList<>(vlen);
                        for (int i = 0; i < vlen; i++) {
                            String vn = strings.get(u32(b, pos), "type [" + id + "] enumerator " + i + " name");
                            int raw = b.getInt(pos + 4);
                            vs.add(new BtfType.EnumValue(vn, kflag ? raw : raw & 0xffff_ffffL));
                            pos += 8;
                        }
                        yield new BtfType.Enum(id, name, sizeOrType, kflag, List.copyOf(vs));
                    }
                    case ENUM64 -> {
                        need(12L * vlen, id, vlen + " enumerators");
                        List<BtfType.EnumValue> vs = new ArrayList<>(vlen);
                        for (int i = 0; i < vlen; i++) {
                            String vn = strings.get(u32(b, pos), "type [" + id + "] enumerator " + i + " name");
                            vs.add(new BtfType.EnumValue(vn, u32(b, pos + 8) << 32 | u32(b, pos + 4)));
                            pos += 12;
                        }
                        yield new BtfType.Enum64(id, name, sizeOrType, kflag, List.copyOf(vs));
                    }
                    case FWD -> new BtfType.Fwd(id, name, kflag);
                    case TYPEDEF -> new BtfType.Typedef(id, name, ref);
                    case VOLATILE -> new BtfType.Volatile(id, name, ref);
                    case CONST -> new BtfType.Const(id, name, ref);
                    case RESTRICT -> new BtfType.Restrict(id, name, ref);
                    case TYPE_TAG -> new BtfType.TypeTag(id, name, ref);
                    case FUNC -> new BtfType.Func(id, name, ref, linkage(vlen, id, name));
                    case FUNC_PROTO -> {
                        need(8L * vlen, id, vlen + " parameters");
                        List<BtfType.Param> ps = new ArrayList<>(vlen);
                        for (int i = 0; i < vlen; i++) {
                            ps.add(new BtfType.Param(strings.get(u32(b, pos), "type [" + id + "] parameter " + i + " name"), idRef(u32(b, pos + 4))));
                            pos += 8;
                        }
                        yield new BtfType.FuncProto(id, name, ref, List.copyOf(ps));
                    }
                    case VAR -> {
                        need(4, id, "VAR data");
                        long l = u32(b, pos);
                        pos += 4;
                        yield new BtfType.Var(id, name, ref, linkage(l, id, name));
                    }
                    case DATASEC -> {
                        need(12L * vlen, id, vlen + " variables");
                        List<BtfType.VarSecInfo> vs = new ArrayList<>(vlen);
                        for (int i = 0; i < vlen; i++) {
                            vs.add(new BtfType.VarSecInfo(idRef(u32(b, pos)), u32(b, pos + 4), u32(b, pos + 8)));
                            pos += 12;
                        }
                        yield new BtfType.DataSec(id, name, sizeOrType, List.copyOf(vs));
                    }
                    case FLOAT -> new BtfType.Float(id, name, sizeOrType);
                    case DECL_TAG -> {
                        need(4, id, "DECL_TAG data");
                        int idx = b.getInt(pos);
                        pos += 4;
                        yield new BtfType.DeclTag(id, name, ref, idx);
                    }
                    case VOID -> throw new AssertionError(); // BtfKind.of never returns VOID
                });
            }
            return types;
        }

        private static int idRef(long v) {
            return (int) Math.min(v, Integer.MAX_VALUE);
        }

        private static Linkage linkage(long v, int id, String name) throws BtfFormatException {
            if (v < 0 || v > 2) throw new BtfFormatException("type [" + id + "] '" + name + "': invalid linkage " + v + " (expected 0 static, 1 global, 2 extern)");
            return Linkage.values()[(int) v];
        }

        private void need(long n, int id, String what) throws BtfFormatException {
            if (n > end - pos) throw new BtfFormatException("type [" + id + "]: " + what + " (" + n + " bytes) extend past the end of the type section (" + (end - pos) + " bytes left)");
        }
    }

    /**
     * Prefix of the variables tinybpf writes into BTF to carry the record type of a ring buffer
     * or perf event array: {@code __tinybpf_event_<map>} has the map's {@code Event} type.
     */
    public static final String EVENT_ANCHOR = "__tinybpf_event_";

    /** The record type id of each map tinybpf anchored, by map name (sorted). */
    public java.util.SortedMap<String, Integer> eventTypes() {
        java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
        for (BtfType t : types()) {
            if (t instanceof BtfType.Var v && v.name().startsWith(EVENT_ANCHOR)) out.put(v.name().substring(EVENT_ANCHOR.length()), v.type());
        }
        return out;
    }
}
