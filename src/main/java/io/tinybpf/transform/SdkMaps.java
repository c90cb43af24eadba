package io.tinybpf.transform;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Md;
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
 * Lowers the SDK's generic map variables ({@code var m = bpf.HashMap[K, V]{MaxEntries: 1024}},
 * sdk/bpf/maps.go) to the typed form the {@link Maps} pass handles, so both give exactly the same
 * libbpf BTF definition.
 *
 * <p>An SDK map type is a struct whose exported {@code uint32} fields are the map's parameters
 * ({@code MaxEntries}, {@code MapFlags}, {@code Pinning}, {@code InnerMaxEntries}) and whose
 * zero-size field {@code def [0]struct{...}} holds the fixed part of the definition in the typed
 * form ({@code Type *[N]int32}, {@code Key *K}, {@code Value *V}, {@code Event *E},
 * {@code Values [0]*Inner}). This pass reads the parameters from the variable's constant
 * initializer and writes one typed-form struct: the {@code def} members plus a
 * {@code *[value]int32} member per non-zero parameter ({@code MapFlags} is or-ed into the one the
 * definition may carry, as an LPM trie's NoPrealloc). An inner map type under {@code Values} is
 * lowered the same way with {@code InnerMaxEntries} as its size. Knowing nothing of the SDK's type
 * names, it works for any struct that follows this shape.
 */
final class SdkMaps implements Pass {
    /** The parameters, by Go field name. */
    static final Set<String> PARAMS = Set.of("MaxEntries", "MapFlags", "Pinning", "InnerMaxEntries", "NumaNode", "MapExtra");

    @Override
    public String name() {
        return "sdk-maps";
    }

    @Override
    public String hint() {
        return "declare SDK maps as package variables with constant parameters, e.g. "
                + "var counts = bpf.HashMap[uint32, uint64]{MaxEntries: 1024}; see docs/maps.md";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        DiBuilder di = new DiBuilder(m);
        for (GlobalVar g : new ArrayList<>(m.globalVars())) {
            if (g.isDeclaration()) continue;
            MetadataDef var = ctx.debug().globalVariable(g);
            if (var == null) continue;
            int typeId = var.refField("type");
            if (definition(ctx.debug(), typeId) == null) continue;
            String mapName = GoNames.simpleName(g.name());
            SourcePos pos = ctx.debug().position(var);
            Map<String, Long> params = parameters(ctx, typeId, g.initializerValue(), mapName, pos);
            if (params == null) continue;
            Lowered l = lower(ctx, di, typeId, params, mapName, pos);
            if (l == null) continue;
            var.setField("type", Md.ref(l.struct()));
            g.setTypeAndInitializer(new Type.Struct(java.util.Collections.nCopies(l.pointers(), Type.PTR), false), Value.ZERO);
        }
    }

    /** The {@code def} struct of an SDK map type, or null when the type is not one. */
    static MetadataDef definition(DebugInfo debug, int typeId) {
        MetadataDef s = debug.stripTypedefs(typeId);
        if (s == null || !"DW_TAG_structure_type".equals(s.field("tag"))) return null;
        MetadataDef def = member(debug, s, "def");
        if (def == null) return null;
        MetadataDef arr = debug.stripTypedefs(def.refField("baseType"));
        if (arr == null || !"DW_TAG_array_type".equals(arr.field("tag")) || arrayCount(debug, arr) != 0) return null;
        MetadataDef inner = debug.stripTypedefs(arr.refField("baseType"));
        if (inner == null || !"DW_TAG_structure_type".equals(inner.field("tag"))) return null;
        return Maps.isTypedMap(debug, arr.refField("baseType")) ? inner : null;
    }

    private static List<MetadataDef> members(DebugInfo debug, MetadataDef struct) {
        List<MetadataDef> out = new ArrayList<>();
        MetadataDef elems = debug.node(struct.refField("elements"));
        if (elems == null) return out;
        for (int id : elems.elementRefs()) {
            MetadataDef mem = debug.node(id);
            if (mem != null && "DW_TAG_member".equals(mem.field("tag"))) out.add(mem);
        }
        return out;
    }

    private static MetadataDef member(DebugInfo debug, MetadataDef struct, String name) {
        for (MetadataDef mem : members(debug, struct)) if (name.equals(mem.stringField("name"))) return mem;
        return null;
    }

    private static long arrayCount(DebugInfo debug, MetadataDef arr) {
        MetadataDef elems = debug.node(arr.refField("elements"));
        if (elems == null || elems.elements().isEmpty()) return -1;
        MetadataDef sub = elems.elementRefs().isEmpty() ? null : debug.node(elems.elementRefs().getFirst());
        return sub == null ? -1 : sub.intField("count", -1);
    }

    /**
     * The parameters from the initializer: the struct's fields in order are the IR struct's
     * elements in order (zero-size fields included).
     */
    private static Map<String, Long> parameters(TransformContext ctx, int typeId, Value init, String mapName, SourcePos pos) {
        DebugInfo debug = ctx.debug();
        List<MetadataDef> mems = members(debug, debug.stripTypedefs(typeId));
        List<Operand> elems = List.of();
        if (init != null && !Value.ZERO.equals(init)) {
            if (!(init instanceof Value.Aggregate agg) || agg.open() != '{') {
                ctx.error("map " + mapName + ": its parameters must be constants (the initializer is " + init + ")", pos, null);
                return null;
            }
            elems = agg.elements();
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < mems.size(); i++) {
            String name = mems.get(i).stringField("name");
            if (name.equals("def")) continue;
            if (!PARAMS.contains(name)) {
                ctx.error("map " + mapName + ": field " + name + " of an SDK map type is not a map parameter (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(PARAMS)) + ")", pos, null);
                return null;
            }
            long v = 0;
            if (i < elems.size()) {
                Operand e = elems.get(i);
                Long n = e.value() == null ? null : e.value().intValue();
                if (!Type.I32.equals(e.type()) || n == null) {
                    ctx.error("map " + mapName + ": " + name + " must be a constant uint32, got " + e, pos, null);
                    return null;
                }
                v = n & 0xffffffffL;
            }
            out.put(name, v);
        }
        return out;
    }

    /** A typed-form struct id and its number of pointer members. */
    private record Lowered(int struct, int pointers) {}

    private static Lowered lower(TransformContext ctx, DiBuilder di, int typeId, Map<String, Long> params, String mapName, SourcePos pos) {
        DebugInfo debug = ctx.debug();
        Module m = ctx.module();
        MetadataDef def = definition(debug, typeId);
        List<MetadataDef> defMembers = members(debug, def);
        Map<String, Integer> types = new LinkedHashMap<>(); // Go field name → member type, in output order
        Map<String, Long> attrs = new LinkedHashMap<>();
        for (MetadataDef mem : defMembers) {
            String name = mem.stringField("name");
            if (name.equals("Type")) types.put(name, mem.refField("baseType"));
        }
        for (Map.Entry<String, Long> p : params.entrySet()) {
            if (p.getKey().equals("InnerMaxEntries")) continue;
            if (p.getValue() != 0) attrs.put(p.getKey(), p.getValue());
        }
        Integer values = null;
        for (MetadataDef mem : defMembers) {
            String name = mem.stringField("name");
            if (name.equals("Type")) continue;
            if (name.equals("Values")) {
                values = innerValues(ctx, di, mem.refField("baseType"), params.getOrDefault("InnerMaxEntries", 0L), mapName, pos);
                if (values < 0) return null;
                continue;
            }
            if (attrs.containsKey(name)) {
                // a parameter the definition also fixes (LPM trie: MapFlags NoPrealloc): or them
                long fixed = Maps.arrayCount(debug, mem.refField("baseType"));
                attrs.put(name, attrs.get(name) | Math.max(fixed, 0));
                continue;
            }
            types.put(name, mem.refField("baseType"));
        }
        // parameters go right after Type, in libbpf's usual order
        Map<String, Integer> ordered = new LinkedHashMap<>();
        if (types.containsKey("Type")) ordered.put("Type", types.remove("Type"));
        int elem = intElement(debug, ordered.get("Type"), di);
        for (Map.Entry<String, Long> a : attrs.entrySet()) ordered.put(a.getKey(), uintAttr(m, di, elem, a.getValue()));
        ordered.putAll(types);
        List<Integer> members = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, Integer> e : ordered.entrySet()) members.add(di.member(e.getKey(), e.getValue(), 64, 64L * k++));
        if (values != null) members.add(di.member("Values", values, 0, 64L * k)); // zero-size, after the pointers
        return new Lowered(di.struct(null, 64L * k, 64, members), k);
    }

    /**
     * {@code int (*)[value]}, libbpf's {@code __uint} encoding, with the subrange in its own tuple
     * node as TinyGo writes arrays (the form {@link Maps} reads back).
     */
    private static int uintAttr(Module m, DiBuilder di, int elem, long value) {
        int tuple = m.addTuple(List.of(m.add(Md.Node.of("DISubrange").set("count", value))));
        return di.pointer(m.add(Md.Node.of("DICompositeType").set("tag", Md.word("DW_TAG_array_type")).setRef("baseType", elem)
                .set("size", value * 32).setRef("elements", tuple)));
    }

    /**
     * The element type of {@code Type *[N]int32}: Go's {@code int32}, reused for the parameters so
     * the definition is the one the hand-written typed form ({@code MaxEntries *[1024]int32}) gives.
     */
    private static int intElement(DebugInfo debug, Integer typeMember, DiBuilder di) {
        if (typeMember != null) {
            MetadataDef arr = debug.stripTypedefs(debug.pointee(typeMember));
            if (arr != null && "DW_TAG_array_type".equals(arr.field("tag"))) return arr.refField("baseType");
        }
        return di.intType();
    }

    /** {@code Values [0]*Inner} with Inner an SDK map type: the same array of pointers to Inner lowered. */
    private static int innerValues(TransformContext ctx, DiBuilder di, int arrayType, long innerMax, String mapName, SourcePos pos) {
        DebugInfo debug = ctx.debug();
        MetadataDef arr = debug.stripTypedefs(arrayType);
        int inner = arr == null ? -1 : debug.pointee(arr.refField("baseType"));
        if (inner < 0 || definition(debug, inner) == null) return arrayType; // a typed-form inner map: Maps handles it
        if (innerMax == 0) {
            ctx.error("map " + mapName + ": set InnerMaxEntries, the MaxEntries of its inner maps", pos, null);
            return -1;
        }
        Map<String, Long> params = new LinkedHashMap<>();
        params.put("MaxEntries", innerMax);
        Lowered l = lower(ctx, di, inner, params, mapName, pos);
        if (l == null) return -1;
        Module m = ctx.module();
        int tuple = m.addTuple(List.of(m.add(Md.Node.of("DISubrange").set("count", 0))));
        return m.add(Md.Node.of("DICompositeType").set("tag", Md.word("DW_TAG_array_type")).setRef("baseType", di.pointer(l.struct()))
                .set("align", 64).setRef("elements", tuple));
    }
}
