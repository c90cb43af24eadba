package io.tinybpf.transform;

import io.tinybpf.ir.Md;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.NamedMetadata;
import io.tinybpf.ir.Type;
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
    /** Structurally equal uniqued nodes are made once. */
    private final Map<String, Integer> cache = new HashMap<>();

    DiBuilder(Module m) {
        this.m = m;
    }

    private int cached(Md.Node node) {
        return cache.computeIfAbsent(node.print(), k -> m.add(node));
    }

    /** {@code "int"} is what libbpf expects in {@code __uint(x, N)} encodings. */
    int basic(String name, int bits, boolean signed) {
        return cached(Md.Node.of("DIBasicType").set("name", name).set("size", bits)
                .set("encoding", Md.word(signed ? "DW_ATE_signed" : "DW_ATE_unsigned")));
    }

    int intType() {
        return basic("int", 32, true);
    }

    /** Pointer to {@code base}; base -1 means {@code void *}. */
    int pointer(int base) {
        return cached(Md.Node.of("DIDerivedType").set("tag", Md.word("DW_TAG_pointer_type")).set("baseType", Md.ref(base)).set("size", 64));
    }

    int tuple(List<Integer> ids) {
        return m.addTuple(ids);
    }

    /** Array of {@code count} elements of {@code elem} ({@code elemBits} wide). */
    int array(int elem, long count, long elemBits) {
        int sub = cached(Md.Node.of("DISubrange").set("count", count));
        return cached(Md.Node.of("DICompositeType").set("tag", Md.word("DW_TAG_array_type")).setRef("baseType", elem)
                .set("size", count * elemBits).set("elements", new Md.Val.Inline(Md.Node.tupleOf(List.of(sub)))));
    }

    /** The libbpf {@code __uint(name, value)} encoding: {@code int (*name)[value]}. */
    int uintAttr(long value) {
        return pointer(array(intType(), value, 32));
    }

    int member(String name, int type, long sizeBits, long offsetBits) {
        Md.Node n = Md.Node.of("DIDerivedType").set("tag", Md.word("DW_TAG_member")).set("name", name).setRef("baseType", type)
                .set("size", sizeBits);
        if (offsetBits > 0) n.set("offset", offsetBits);
        return m.add(n);
    }

    /** A struct (anonymous for a null name, as C's {@code struct { ... } name SEC(".maps")}). */
    int struct(String name, long sizeBits, long alignBits, List<Integer> members) {
        int elems = tuple(members);
        Md.Node n = Md.Node.of("DICompositeType").distinct(true).set("tag", Md.word("DW_TAG_structure_type"));
        if (name != null) n.set("name", name);
        return m.add(n.set("size", sizeBits).set("align", alignBits).setRef("elements", elems));
    }

    /** An empty struct with a name: all a kfunc prototype needs to match the kernel's struct pointer. */
    int namedStruct(String name) {
        return cached(Md.Node.of("DICompositeType").set("tag", Md.word("DW_TAG_structure_type")).set("name", name).set("size", 0)
                .set("elements", new Md.Val.Inline(Md.Node.tuple(List.of()))));
    }

    int subroutine(List<Integer> types) {
        return m.add(Md.Node.of("DISubroutineType").setRef("types", tuple(types)));
    }

    /**
     * A global variable with its expression, listed in the compile unit (what llc reads to emit a
     * BTF VAR). Returns the {@code DIGlobalVariableExpression} id to attach as {@code !dbg}.
     */
    int globalVariable(String name, int cu, int file, int type) {
        Md.Node v = Md.Node.of("DIGlobalVariable").distinct(true).set("name", name).setRef("scope", cu);
        if (file >= 0) v.setRef("file", file);
        int var = m.add(v.setRef("type", type).set("isLocal", Md.word("false")).set("isDefinition", Md.word("true")));
        int gve = m.add(Md.Node.of("DIGlobalVariableExpression").setRef("var", var)
                .set("expr", new Md.Val.Inline(Md.Node.of("DIExpression"))));
        addToUnitGlobals(cu, gve);
        return gve;
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
    int fromIrType(Type irType, long sizeBytes) {
        return switch (irType) {
            case Type.Int i when i.bits() == 1 -> basic("bool", 8, false);
            case Type.Int i -> basic("u" + i.bits(), i.bits(), false);
            case Type.Ptr p -> pointer(-1);
            case Type.Array a when a.element() instanceof Type.Int e && e.bits() >= 8 ->
                    array(basic("u" + e.bits(), e.bits(), false), a.count(), e.bits());
            default -> array(basic("u8", 8, false), Math.max(sizeBytes, 0), 8);
        };
    }

    /** Adds a global-variable expression to a compile unit's {@code globals:} list. */
    void addToUnitGlobals(int cu, int gve) {
        MetadataDef unit = m.metadata(cu);
        if (unit == null) return;
        int list = unit.refField("globals");
        if (list >= 0 && m.metadata(list) != null) {
            MetadataDef t = m.metadata(list);
            List<Integer> elems = new ArrayList<>(t.elementRefs());
            elems.add(gve);
            t.setElementRefs(elems);
        } else {
            unit.setField("globals", Md.ref(m.addTuple(List.of(gve))));
        }
    }
}
