package io.tinybpf.transform;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the program's map variables into libbpf BTF-defined maps in {@code .maps}, each with its
 * own BTF type (the original tool gave every map the first map's definition).
 *
 * <p>Two Go forms are accepted:
 * <ul>
 *   <li>value form (compatible with the original tool): {@code var events = bpfMapDef{Type: 27,
 *       MaxEntries: 1 << 24}} with a struct {@code bpfMapDef} of uint32 fields {@code Type, KeySize,
 *       ValueSize, MaxEntries, MapFlags[, Pinning]};</li>
 *   <li>typed form: a struct whose fields mirror libbpf's encoding — {@code Type *[2]int32},
 *       {@code MaxEntries *[1024]int32}, {@code Key *uint32}, {@code Value *event}, {@code Values
 *       [0]*innerMap} — which also gives the map's key and value BTF types and map-in-map.</li>
 * </ul>
 * The symbol loses its package prefix ({@code main.events} is {@code events}), becomes global and
 * moves to {@code .maps}.
 */
final class Maps implements Pass {
    /** BTF map attributes libbpf accepts, by Go field name. */
    static final Map<String, String> ATTRS = new LinkedHashMap<>();

    static {
        ATTRS.put("Type", "type");
        ATTRS.put("KeySize", "key_size");
        ATTRS.put("ValueSize", "value_size");
        ATTRS.put("MaxEntries", "max_entries");
        ATTRS.put("MapFlags", "map_flags");
        ATTRS.put("NumaNode", "numa_node");
        ATTRS.put("MapExtra", "map_extra");
        ATTRS.put("Pinning", "pinning");
        ATTRS.put("Key", "key");
        ATTRS.put("Value", "value");
        ATTRS.put("Values", "values");
    }
    // "Event *T" is also accepted in the typed form: see cloneDefinition.

    private static final List<String> VALUE_FORM_FIELDS = List.of("Type", "KeySize", "ValueSize", "MaxEntries", "MapFlags", "Pinning", "InnerMapFd");
    private static final Set<String> TYPED_POINTER_ATTRS = Set.of("Key", "Value");

    @Override
    public String name() {
        return "maps";
    }

    @Override
    public String hint() {
        return "declare maps as package-level variables of type bpfMapDef, or of a struct with libbpf-style fields "
                + "(Type *[N]int32, MaxEntries *[N]int32, Key *K, Value *V), or use the SDK's map types; see docs/maps.md";
    }

    /** Symbol renames of this pass, applied in one sweep at the end. */
    private final Map<String, String> renames = new LinkedHashMap<>();
    /** The names given so far (renames' values, kept as a set: a module can declare hundreds of maps). */
    private final java.util.Set<String> renamedTo = new java.util.HashSet<>();

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        renames.clear();
        renamedTo.clear();
        DiBuilder di = new DiBuilder(m);
        for (GlobalVar g : new ArrayList<>(m.globalVars())) {
            // another front end's maps (clang's) are in .maps with their BTF already
            if (g.isDeclaration() || !ctx.isGo(g)) continue;
            String typeName = g.type() instanceof Type.Named n ? n.name() : null;
            MetadataDef var = ctx.debug().globalVariable(g);
            if (typeName != null && "bpfMapDef".equals(GoNames.simpleName(typeName))) {
                valueForm(ctx, di, g, var);
            } else if (var != null && isTypedMap(ctx.debug(), var.refField("type"))) {
                typedForm(ctx, di, g, var);
            } else if (var != null && looksLikeMap(ctx.debug(), var.refField("type"))) {
                ctx.error("map " + GoNames.simpleName(g.name()) + ": field Type must be a pointer to an array whose length is the map "
                        + "type, e.g. Type *[1]int32 for BPF_MAP_TYPE_HASH (this variable would otherwise be an ordinary global)",
                        ctx.debug().position(var), null);
            }
        }
        m.renameAll(renames);
    }

    // ------------------------------------------------------------------ value form

    private void valueForm(TransformContext ctx, DiBuilder di, GlobalVar g, MetadataDef var) {
        Module m = ctx.module();
        String mapName = GoNames.simpleName(g.name());
        SourcePos pos = ctx.debug().position(var);
        if (var == null) {
            ctx.error("map " + mapName + " has no debug info, so no BTF definition can be emitted", pos,
                    "build with tinybpf build (TinyGo always emits debug info)");
            return;
        }
        List<String> fieldNames = memberNames(ctx.debug(), var.refField("type"));
        List<Long> values = initializerValues(g.initializerValue(), fieldNames.isEmpty() ? 5 : fieldNames.size());
        // Debug info names the fields; without it (or if it disagrees) the order is the original tool's.
        if (values != null && fieldNames.size() != values.size()) fieldNames = VALUE_FORM_FIELDS.subList(0, Math.min(values.size(), 7));
        if (values == null) {
            ctx.error("map " + mapName + ": bpfMapDef must be initialized with constant uint32 fields", pos, null);
            return;
        }
        Map<String, Long> attrs = new LinkedHashMap<>();
        for (int i = 0; i < fieldNames.size() && i < values.size(); i++) {
            String f = fieldNames.get(i);
            if (f.equals("InnerMapFd")) {
                if (values.get(i) != 0) {
                    ctx.error("map " + mapName + ": InnerMapFd cannot be expressed in a BTF map definition", pos,
                            "declare map-in-maps in the typed form with a Values [0]*innerMap field");
                }
                continue;
            }
            if (!ATTRS.containsKey(f) || TYPED_POINTER_ATTRS.contains(f) || f.equals("Values")) {
                ctx.error("map " + mapName + ": bpfMapDef field " + f + " is not a BTF map attribute (allowed: Type, KeySize, "
                        + "ValueSize, MaxEntries, MapFlags, NumaNode, MapExtra, Pinning)", pos, null);
                return;
            }
            attrs.put(f, values.get(i));
        }
        if (!validate(ctx, mapName, pos, attrs)) return;
        List<Integer> members = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, Long> a : attrs.entrySet()) {
            boolean required = a.getKey().equals("Type") || a.getKey().equals("MaxEntries");
            if (a.getValue() == 0 && !required) continue;
            members.add(di.member(ATTRS.get(a.getKey()), di.uintAttr(a.getValue()), 64, 64L * k++));
        }
        int struct = di.struct(null, 64L * k, 64, members);
        g.setTypeAndInitializer(new Type.Struct(java.util.Collections.nCopies(k, Type.PTR), false), Value.ZERO);
        finish(ctx, g, var, mapName, struct);
    }

    /** Go field names of the struct a typedef/struct id describes. */
    private static List<String> memberNames(DebugInfo debug, int typeId) {
        List<String> out = new ArrayList<>();
        MetadataDef s = debug.stripTypedefs(typeId);
        if (s == null || !"DICompositeType".equals(s.kind())) return out;
        MetadataDef elems = debug.node(s.refField("elements"));
        if (elems == null) return out;
        for (int id : elems.elementRefs()) {
            MetadataDef mem = debug.node(id);
            if (mem != null && "DW_TAG_member".equals(mem.field("tag"))) out.add(mem.stringField("name"));
        }
        return out;
    }

    /** {@code { i32 2, i32 4, ... }} or {@code zeroinitializer} → values; null when not constant. */
    private static List<Long> initializerValues(Value init, int n) {
        List<Long> out = new ArrayList<>();
        if (init == null || Value.ZERO.equals(init)) {
            for (int i = 0; i < n; i++) out.add(0L);
            return out;
        }
        if (!(init instanceof Value.Aggregate a) || a.open() != '{') return null;
        for (Operand e : a.elements()) {
            Long v = e.value() == null ? null : e.value().intValue();
            if (!Type.I32.equals(e.type()) || v == null) return null;
            out.add(v & 0xffffffffL);
        }
        return out;
    }

    // ------------------------------------------------------------------ typed form

    /** A struct with a {@code Type} member that is a pointer to an array: libbpf's {@code __uint(type, N)}. */
    static boolean isTypedMap(DebugInfo debug, int typeId) {
        MetadataDef s = debug.stripTypedefs(typeId);
        if (s == null || !"DICompositeType".equals(s.kind()) || !"DW_TAG_structure_type".equals(s.field("tag"))) return false;
        MetadataDef elems = debug.node(s.refField("elements"));
        if (elems == null) return false;
        for (int id : elems.elementRefs()) {
            MetadataDef mem = debug.node(id);
            if (mem != null && "Type".equals(mem.stringField("name"))) return arrayCount(debug, mem.refField("baseType")) >= 0;
        }
        return false;
    }

    /**
     * A struct with a {@code Type} field and another map attribute that is not a valid typed map:
     * almost certainly a map definition with a mistake, not a global the program means to keep.
     */
    static boolean looksLikeMap(DebugInfo debug, int typeId) {
        MetadataDef s = debug.stripTypedefs(typeId);
        if (s == null || !"DICompositeType".equals(s.kind()) || !"DW_TAG_structure_type".equals(s.field("tag"))) return false;
        MetadataDef elems = debug.node(s.refField("elements"));
        if (elems == null) return false;
        boolean type = false, other = false;
        for (int id : elems.elementRefs()) {
            MetadataDef mem = debug.node(id);
            String n = mem == null ? null : mem.stringField("name");
            if ("Type".equals(n)) type = true;
            else if (n != null && ATTRS.containsKey(n)) other = true;
        }
        return type && other;
    }

    /** For {@code *[N]T}: N; otherwise -1. */
    static long arrayCount(DebugInfo debug, int pointerType) {
        int arr = debug.pointee(pointerType);
        MetadataDef a = debug.stripTypedefs(arr);
        if (a == null || !"DW_TAG_array_type".equals(a.field("tag"))) return -1;
        MetadataDef elems = debug.node(a.refField("elements"));
        if (elems == null || elems.elements().isEmpty()) return -1;
        io.tinybpf.ir.Md.Node inline = elems.inlineElement(0);
        if (inline != null) {
            // written inline: !{!DISubrange(count: 27)}
            io.tinybpf.ir.Md.Val c = "DISubrange".equals(inline.kind()) ? inline.get("count") : null;
            return c == null ? -1 : c.asLong(-1);
        }
        MetadataDef sub = elems.elementRefs().isEmpty() ? null : debug.node(elems.elementRefs().getFirst());
        return sub == null ? -1 : sub.intField("count", -1);
    }

    private void typedForm(TransformContext ctx, DiBuilder di, GlobalVar g, MetadataDef var) {
        String mapName = GoNames.simpleName(g.name());
        SourcePos pos = ctx.debug().position(var);
        int struct = cloneDefinition(ctx, mapName, pos, var.refField("type"), 0);
        if (struct < 0) return;
        if (!Value.ZERO.equals(g.initializerValue())) g.setTypeAndInitializer(g.type(), Value.ZERO);
        finish(ctx, g, var, mapName, struct);
    }

    /**
     * Copies a typed map definition struct with libbpf member names ({@code MaxEntries} →
     * {@code max_entries}); an inner map definition under {@code Values} is copied the same way.
     * Returns the new struct's id, or -1 after reporting an error.
     */
    private int cloneDefinition(TransformContext ctx, String mapName, SourcePos pos, int typeId, int depth) {
        DebugInfo debug = ctx.debug();
        Module m = ctx.module();
        MetadataDef s = debug.stripTypedefs(typeId);
        MetadataDef elems = debug.node(s.refField("elements"));
        Map<String, Long> attrs = new LinkedHashMap<>();
        List<Integer> members = new ArrayList<>();
        for (int id : elems.elementRefs()) {
            MetadataDef mem = debug.node(id);
            String goName = mem.stringField("name");
            if (goName.equals("Event") && depth == 0) {
                // Not a libbpf attribute: the record type of a ring buffer or perf event array,
                // put into BTF for userspace (tinybpf generate) and left out of the definition.
                int ev = debug.pointee(mem.refField("baseType"));
                MetadataDef evType = debug.stripTypedefs(ev);
                if (ev < 0 || evType == null || evType.intField("size", 0) <= 0) {
                    ctx.error("map " + mapName + ": Event must be a pointer to the record type, e.g. Event *myEvent", pos, null);
                    return -1;
                }
                ctx.anchors().add(new TransformContext.TypeAnchor(io.tinybpf.btf.Btf.EVENT_ANCHOR + mapName, ev, evType.intField("size", 0) / 8));
                continue;
            }
            String attr = ATTRS.get(goName);
            if (attr == null) {
                ctx.error("map " + mapName + ": field " + goName + " is not a BTF map attribute (allowed: "
                        + String.join(", ", ATTRS.keySet()) + ")", pos, null);
                return -1;
            }
            int baseType = mem.refField("baseType");
            if (goName.equals("Values")) {
                if (depth > 0) {
                    ctx.error("map " + mapName + ": an inner map cannot itself have Values", pos, null);
                    return -1;
                }
                baseType = cloneValues(ctx, mapName, pos, baseType);
                if (baseType < 0) return -1;
            } else if (!TYPED_POINTER_ATTRS.contains(goName)) {
                long v = arrayCount(debug, baseType);
                if (v < 0) {
                    ctx.error("map " + mapName + ": field " + goName + " must be a pointer to an array whose length is the value, "
                            + "e.g. " + goName + " *[1024]int32", pos, null);
                    return -1;
                }
                attrs.put(goName, v);
            } else if (debug.pointee(baseType) < 0) {
                ctx.error("map " + mapName + ": field " + goName + " must be a pointer to the " + attr + " type, e.g. "
                        + goName + " *uint32", pos, null);
                return -1;
            } else {
                // the size the kernel will see, for the same checks a KeySize/ValueSize gets
                MetadataDef pointee = debug.stripTypedefs(debug.pointee(baseType));
                long bytes = pointee == null ? 0 : pointee.intField("size", 0) / 8;
                if (bytes > 0) attrs.putIfAbsent(goName.equals("Key") ? "KeySize" : "ValueSize", bytes);
            }
            members.add(m.add(mem.node().distinct(false).set("name", attr).setRef("baseType", baseType)));
        }
        if (depth == 0 && !validateTyped(ctx, mapName, pos, attrs)) return -1;
        return new DiBuilder(m).struct(null, s.intField("size", 0), 64, members);
    }

    /** {@code Values [0]*inner}: copies the array → pointer → inner definition chain. */
    private int cloneValues(TransformContext ctx, String mapName, SourcePos pos, int arrayType) {
        DebugInfo debug = ctx.debug();
        Module m = ctx.module();
        MetadataDef arr = debug.stripTypedefs(arrayType);
        if (arr == null || !"DW_TAG_array_type".equals(arr.field("tag"))) {
            ctx.error("map " + mapName + ": Values must be an array of pointers to the inner map definition, "
                    + "e.g. Values [0]*innerMap", pos, null);
            return -1;
        }
        int ptr = arr.refField("baseType");
        int inner = debug.pointee(ptr);
        if (inner < 0 || !isTypedMap(debug, inner)) {
            ctx.error("map " + mapName + ": Values must point to an inner map definition in the typed form "
                    + "(a struct with Type, KeySize/Key, ValueSize/Value, MaxEntries)", pos, null);
            return -1;
        }
        int innerClone = cloneDefinition(ctx, mapName, pos, inner, 1);
        if (innerClone < 0) return -1;
        int newPtr = m.add(io.tinybpf.ir.Md.Node.of("DIDerivedType").set("tag", io.tinybpf.ir.Md.word("DW_TAG_pointer_type"))
                .setRef("baseType", innerClone).set("size", 64));
        return m.add(arr.node().distinct(false).setRef("baseType", newPtr));
    }

    private boolean validateTyped(TransformContext ctx, String mapName, SourcePos pos, Map<String, Long> attrs) {
        if (!attrs.containsKey("Type")) {
            ctx.error("map " + mapName + ": the definition has no Type field", pos, null);
            return false;
        }
        return validate(ctx, mapName, pos, attrs);
    }

    // ------------------------------------------------------------------ common

    private static final int RINGBUF = 27, USER_RINGBUF = 31, LPM_TRIE = 11;
    private static final long NO_PREALLOC = 1;
    private static final Set<Long> ARRAY_LIKE = Set.of(2L, 3L, 4L, 6L, 8L, 12L);
    private static final Set<Long> PERF_EVENT_ARRAY = Set.of(4L);

    /** Catches map definitions the kernel would reject, with the reason, before anything runs. */
    private static boolean validate(TransformContext ctx, String mapName, SourcePos pos, Map<String, Long> a) {
        long type = a.getOrDefault("Type", 0L);
        long max = a.getOrDefault("MaxEntries", 0L);
        long key = a.getOrDefault("KeySize", 0L);
        long value = a.getOrDefault("ValueSize", 0L);
        int before = ctx.problems().size();
        if (type <= 0 || type > Integer.MAX_VALUE || io.tinybpf.bpf.MapType.of((int) type).isEmpty()) {
            // the kernel would refuse it at load (EINVAL); say so at the variable's line instead
            ctx.error("map " + mapName + ": Type " + type + " is not a map type of the kernel (Linux 6.18 has 1 = hash ... "
                    + io.tinybpf.bpf.MapType.ARENA.number() + " = arena; bpf.MapType* name them)", pos, null);
        } else if (type == RINGBUF || type == USER_RINGBUF) {
            if (max < 4096 || (max & (max - 1)) != 0) {
                ctx.error("map " + mapName + ": a ring buffer's MaxEntries (its size in bytes) must be a power of two and at "
                        + "least 4096, got " + max, pos, null);
            }
            if (key != 0 || value != 0) ctx.error("map " + mapName + ": a ring buffer has no key or value size", pos, null);
        } else {
            if (max == 0 && !PERF_EVENT_ARRAY.contains(type)) {
                ctx.error("map " + mapName + ": MaxEntries must be greater than 0", pos, null);
            }
            if (ARRAY_LIKE.contains(type) && key != 0 && key != 4) {
                ctx.error("map " + mapName + ": array maps have 4-byte (uint32) keys, got KeySize " + key, pos, null);
            }
            // the kernel has refused a preallocated trie since LPM tries exist (4.11): the error
            // at load would only say "Invalid argument"
            if (type == LPM_TRIE && (a.getOrDefault("MapFlags", 0L) & NO_PREALLOC) == 0) {
                ctx.error("map " + mapName + ": an LPM trie must be created with BPF_F_NO_PREALLOC: add MapFlags *[1]int32 "
                        + "(BPF_F_NO_PREALLOC = 1) to the definition", pos, null);
            }
        }
        return ctx.problems().size() == before;
    }

    private void finish(TransformContext ctx, GlobalVar g, MetadataDef var, String mapName, int struct) {
        Module m = ctx.module();
        if ((m.globalValue(mapName) != null && m.globalValue(mapName) != g) || renamedTo.contains(mapName)) {
            ctx.error("map " + mapName + " clashes with another symbol of the same name", ctx.debug().position(var), null);
            return;
        }
        renames.put(g.name(), mapName);
        renamedTo.add(mapName);
        List<String> q = new ArrayList<>(g.qualifiers());
        q.removeIf(w -> w.equals("internal") || w.equals("private") || w.equals("unnamed_addr") || w.equals("local_unnamed_addr"));
        g.setQualifiers(q);
        g.setSection(".maps");
        g.setAlign(8);
        var.setField("name", io.tinybpf.ir.Md.str(mapName));
        var.removeField("linkageName");
        var.setField("type", io.tinybpf.ir.Md.ref(struct));
        var.setField("isLocal", io.tinybpf.ir.Md.word("false"));
    }
}
