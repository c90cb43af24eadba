package io.tinybpf.transform;

import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.NamedMetadata;
import io.tinybpf.ir.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends debug-info nodes to a module. llc turns debug info into BTF, so this is how tinybpf
 * describes maps, kfunc prototypes and loader-set variables to libbpf and the kernel.
 */
final class DiBuilder {
    private final Module m;
    private final Map<String, Integer> cache = new HashMap<>();

    DiBuilder(Module m) {
        this.m = m;
    }

    private int cached(String body) {
        return cache.computeIfAbsent(body, m::addMetadata);
    }

    /** {@code "int"} is what libbpf expects in {@code __uint(x, N)} encodings. */
    int basic(String name, int bits, boolean signed) {
        return cached("!DIBasicType(name: " + Names.quote(name) + ", size: " + bits + ", encoding: "
                + (signed ? "DW_ATE_signed" : "DW_ATE_unsigned") + ")");
    }

    int intType() {
        return basic("int", 32, true);
    }

    /** Pointer to {@code base}; base -1 means {@code void *}. */
    int pointer(int base) {
        return cached("!DIDerivedType(tag: DW_TAG_pointer_type, baseType: " + ref(base) + ", size: 64)");
    }

    int tuple(List<Integer> ids) {
        List<String> items = new ArrayList<>();
        for (int id : ids) items.add(ref(id));
        return m.addMetadata("!{" + String.join(", ", items) + "}");
    }

    /** Array of {@code count} elements of {@code elem} ({@code elemBits} wide). */
    int array(int elem, long count, long elemBits) {
        int sub = cached("!DISubrange(count: " + count + ")");
        return cached("!DICompositeType(tag: DW_TAG_array_type, baseType: !" + elem + ", size: " + (count * elemBits)
                + ", elements: !{!" + sub + "})");
    }

    /** The libbpf {@code __uint(name, value)} encoding: {@code int (*name)[value]}. */
    int uintAttr(long value) {
        return pointer(array(intType(), value, 32));
    }

    int member(String name, int type, long sizeBits, long offsetBits) {
        return m.addMetadata("!DIDerivedType(tag: DW_TAG_member, name: " + Names.quote(name) + ", baseType: !" + type
                + ", size: " + sizeBits + (offsetBits > 0 ? ", offset: " + offsetBits : "") + ")");
    }

    /** An anonymous struct (as C's {@code struct { ... } name SEC(".maps")}). */
    int struct(String name, long sizeBits, List<Integer> members) {
        int elems = tuple(members);
        return m.addMetadata("distinct !DICompositeType(tag: DW_TAG_structure_type" + (name == null ? "" : ", name: " + Names.quote(name))
                + ", size: " + sizeBits + ", align: 64, elements: !" + elems + ")");
    }

    int subroutine(List<Integer> types) {
        return m.addMetadata("!DISubroutineType(types: !" + tuple(types) + ")");
    }

    static String ref(int id) {
        return id < 0 ? "null" : "!" + id;
    }

    /** A compile unit to hang new globals on: the first listed in {@code !llvm.dbg.cu}, or -1. */
    int compileUnit() {
        NamedMetadata cu = m.namedMetadata("llvm.dbg.cu");
        return cu == null || cu.refs().isEmpty() ? -1 : cu.refs().getFirst();
    }

    /** The file of a compile unit, or -1. */
    int fileOfUnit(int cu) {
        MetadataDef d = m.metadata(cu);
        return d == null ? -1 : d.refField("file");
    }

    /**
     * A DI type for an IR type when the Go type is unknown: integers become unsigned {@code uN},
     * pointers {@code void *}, arrays arrays, anything else a byte array of the right size.
     */
    int fromIrType(String irType, long sizeBytes) {
        IntShape s = IntShape.of(irType);
        if (s != null && !s.array()) return basic("u" + s.bits(), s.bits(), false);
        if (irType.equals("ptr")) return pointer(-1);
        if (irType.equals("i1")) return basic("bool", 8, false);
        if (s != null) return array(basic("u" + s.bits(), s.bits(), false), s.count(), s.bits());
        return array(basic("u8", 8, false), Math.max(sizeBytes, 0), 8);
    }

    /** Adds a global-variable expression to a compile unit's {@code globals:} list. */
    void addToUnitGlobals(int cu, int gve) {
        MetadataDef unit = m.metadata(cu);
        if (unit == null) return;
        int list = unit.refField("globals");
        if (list >= 0 && m.metadata(list) != null) {
            MetadataDef t = m.metadata(list);
            List<String> elems = new ArrayList<>(t.elements());
            elems.add("!" + gve);
            t.setElements(elems);
        } else {
            unit.setField("globals", "!" + m.addMetadata("!{!" + gve + "}"));
        }
    }
}
