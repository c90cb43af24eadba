package io.tinybpf.transform;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Tokens;
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
                + "(Type *[N]int32, MaxEntries *[N]int32, Key *K, Value *V); see docs/writing-programs.md";
    }

    /** Symbol renames of this pass, applied in one sweep at the end. */
    private final Map<String, String> renames = new LinkedHashMap<>();

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        renames.clear();
        DiBuilder di = new DiBuilder(m);
        for (GlobalVar g : new ArrayList<>(m.globalVars())) {
            if (g.isDeclaration()) continue;
            String typeName = typeNameOf(g.typeText());
            MetadataDef var = globalVariable(m, g);
            if (typeName != null && "bpfMapDef".equals(GoNames.simpleName(typeName))) {
                valueForm(ctx, di, g, var);
            } else if (var != null && isTypedMap(ctx.debug(), var.refField("type"))) {
                typedForm(ctx, di, g, var);
            }
        }
        m.renameAll(renames);
    }

    private static String typeNameOf(String irType) {
        if (!irType.startsWith("%")) return null;
        Tokens t = Tokens.of(irType);
        return t.size() == 1 ? t.identName(0) : null;
    }

    /** The DIGlobalVariable attached to a global through its DIGlobalVariableExpression. */
    static MetadataDef globalVariable(Module m, GlobalVar g) {
        MetadataDef gve = m.metadata(g.attachment("dbg"));
        if (gve == null) return null;
        if ("DIGlobalVariable".equals(gve.kind())) return gve;
        return m.metadata(gve.refField("var"));
    }

    static SourcePos position(TransformContext ctx, MetadataDef var) {
        if (var == null) return null;
        MetadataDef file = ctx.module().metadata(var.refField("file"));
        if (file == null) return null;
        return new SourcePos(ctx.debug().displayPath(file.stringField("filename"), file.stringField("directory")),
                (int) var.intField("line", 0), 0);
    }

    // ------------------------------------------------------------------ value form

    private void valueForm(TransformContext ctx, DiBuilder di, GlobalVar g, MetadataDef var) {
        Module m = ctx.module();
        String mapName = GoNames.simpleName(g.name());
        SourcePos pos = position(ctx, var);
        if (var == null) {
            ctx.error("map " + mapName + " has no debug info, so no BTF definition can be emitted", pos,
                    "build with tinybpf build (TinyGo always emits debug info)");
            return;
        }
        List<String> fieldNames = memberNames(ctx.debug(), var.refField("type"));
        List<Long> values = initializerValues(g.initializer(), fieldNames.isEmpty() ? 5 : fieldNames.size());
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
        int struct = di.struct(null, 64L * k, members);
        g.setTypeAndInitializer("{ " + String.join(", ", java.util.Collections.nCopies(k, "ptr")) + " }", "zeroinitializer");
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
    private static List<Long> initializerValues(String init, int n) {
        List<Long> out = new ArrayList<>();
        if (init == null || init.equals("zeroinitializer")) {
            for (int i = 0; i < n; i++) out.add(0L);
            return out;
        }
        Tokens t = Tokens.of(init);
        if (!t.isPunct(0, '{')) return null;
        int close = t.matching(0);
        int[] parts = t.splitTopLevel(1, close);
        for (int k = 0; k < parts.length; k += 2) {
            if (parts[k + 1] - parts[k] != 2 || !t.is(parts[k], "i32")) return null;
            try {
                out.add(Integer.toUnsignedLong(Integer.parseInt(t.text(parts[k] + 1))));
            } catch (NumberFormatException e) {
                return null;
            }
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

    /** For {@code *[N]T}: N; otherwise -1. */
    static long arrayCount(DebugInfo debug, int pointerType) {
        int arr = debug.pointee(pointerType);
        MetadataDef a = debug.stripTypedefs(arr);
        if (a == null || !"DW_TAG_array_type".equals(a.field("tag"))) return -1;
        MetadataDef elems = debug.node(a.refField("elements"));
        if (elems == null || elems.elements().isEmpty()) return -1;
        String first = elems.elements().getFirst();
        if (first.startsWith("!DISubrange(")) {
            // written inline: !{!DISubrange(count: 27)}
            java.util.regex.Matcher c = java.util.regex.Pattern.compile("count: (\\d+)").matcher(first);
            return c.find() ? Long.parseLong(c.group(1)) : -1;
        }
        MetadataDef sub = elems.elementRefs().isEmpty() ? null : debug.node(elems.elementRefs().getFirst());
        return sub == null ? -1 : sub.intField("count", -1);
    }

    private void typedForm(TransformContext ctx, DiBuilder di, GlobalVar g, MetadataDef var) {
        String mapName = GoNames.simpleName(g.name());
        SourcePos pos = position(ctx, var);
        int struct = cloneDefinition(ctx, mapName, pos, var.refField("type"), 0);
        if (struct < 0) return;
        if (!"zeroinitializer".equals(g.initializer())) g.setTypeAndInitializer(g.typeText(), "zeroinitializer");
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
            }
            String body = mem.body().replace("name: \"" + goName + "\"", "name: \"" + attr + "\"");
            body = body.replaceFirst("baseType: ![0-9]+", "baseType: !" + baseType);
            members.add(m.addMetadata(body.replaceFirst("^distinct ", "")));
        }
        if (depth == 0 && !validateTyped(ctx, mapName, pos, attrs)) return -1;
        int tuple = new DiBuilder(m).tuple(members);
        return m.addMetadata("distinct !DICompositeType(tag: DW_TAG_structure_type, size: " + s.intField("size", 0)
                + ", align: 64, elements: !" + tuple + ")");
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
        int newPtr = m.addMetadata("!DIDerivedType(tag: DW_TAG_pointer_type, baseType: !" + innerClone + ", size: 64)");
        String body = arr.body().replaceFirst("^distinct ", "").replaceFirst("baseType: ![0-9]+", "baseType: !" + newPtr);
        return m.addMetadata(body);
    }

    private boolean validateTyped(TransformContext ctx, String mapName, SourcePos pos, Map<String, Long> attrs) {
        if (!attrs.containsKey("Type")) {
            ctx.error("map " + mapName + ": the definition has no Type field", pos, null);
            return false;
        }
        return validate(ctx, mapName, pos, attrs);
    }

    // ------------------------------------------------------------------ common

    private static final int RINGBUF = 27, USER_RINGBUF = 31;
    private static final Set<Long> ARRAY_LIKE = Set.of(2L, 3L, 4L, 6L, 8L, 12L);
    private static final Set<Long> PERF_EVENT_ARRAY = Set.of(4L);

    /** Catches map definitions the kernel would reject, with the reason, before anything runs. */
    private static boolean validate(TransformContext ctx, String mapName, SourcePos pos, Map<String, Long> a) {
        long type = a.getOrDefault("Type", 0L);
        long max = a.getOrDefault("MaxEntries", 0L);
        long key = a.getOrDefault("KeySize", 0L);
        long value = a.getOrDefault("ValueSize", 0L);
        int before = ctx.problems().size();
        if (type <= 0 || type > 40) {
            ctx.error("map " + mapName + ": Type " + type + " is not a BPF map type (1 = hash, 2 = array, 27 = ring buffer, ...)", pos, null);
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
        }
        return ctx.problems().size() == before;
    }

    private void finish(TransformContext ctx, GlobalVar g, MetadataDef var, String mapName, int struct) {
        Module m = ctx.module();
        if ((m.globalValue(mapName) != null && m.globalValue(mapName) != g) || renames.containsValue(mapName)) {
            ctx.error("map " + mapName + " clashes with another symbol of the same name", position(ctx, var), null);
            return;
        }
        renames.put(g.name(), mapName);
        List<String> q = new ArrayList<>(g.qualifiers());
        q.removeIf(w -> w.equals("internal") || w.equals("private") || w.equals("unnamed_addr") || w.equals("local_unnamed_addr"));
        g.setQualifiers(q);
        g.setSection(".maps");
        g.setAlign(8);
        var.setField("name", "\"" + mapName + "\"");
        var.removeField("linkageName");
        var.setField("type", "!" + struct);
        var.setField("isLocal", "false");
    }
}
