package io.tinybpf.transform;

import io.tinybpf.ir.Attr;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.DataLayout;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Md;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CO-RE: accesses to kernel structs are relocated against the running kernel's BTF at load time,
 * as C's {@code BPF_CORE_READ} does.
 *
 * <p>A Go type named {@code bpfCore<Name>} declares the fields a program reads from the kernel's
 * {@code <name>} ({@code bpfCoreTaskStruct} is {@code task_struct}; field {@code RealParent} is
 * {@code real_parent}). Its debug type gets a private copy carrying the kernel names. Pointers of
 * that type are tracked through TinyGo's debug records and constant byte offsets; where a field's
 * address is used — as the source of a probe read (whose size picks the field), by a load, or by a
 * {@code bpfCoreField*} query — a chain of {@code llvm.preserve.struct.access.index} calls
 * recomputes the address from the base pointer, so LLVM emits a field-offset relocation on the
 * address itself and libbpf patches it for the kernel the program runs on.
 *
 * <p>Queries: {@code bpfCoreFieldExists(&p.F)}, {@code bpfCoreFieldSize(&p.F)},
 * {@code bpfCoreFieldOffset(&p.F)}, {@code bpfCoreTypeExists(p)}, {@code bpfCoreTypeSize(p)}.
 */
final class CoRe implements Pass {
    private static final String STRUCT_ACCESS = "llvm.preserve.struct.access.index.p0.p0";
    private static final String FIELD_INFO = "llvm.bpf.preserve.field.info.p0";
    private static final String TYPE_INFO = "llvm.bpf.preserve.type.info";
    private static final Set<String> PROBE_READS = Set.of("bpfProbeReadKernel", "bpfProbeRead", "bpfProbeReadKernelStr");

    /** A member of a kernel struct as the program declares it. */
    record Member(String name, long offset, long size, int typeId, int diIndex, int irIndex) {}

    /** A kernel struct: its private debug copy (named like the kernel's), members and IR layout. */
    record CoreType(String kernelName, int diClone, long size, List<Member> members, Type.Struct irType) {}

    /** Every struct copy made, by its debug id: nested members are found here when a path descends. */
    private final Map<Integer, CoreType> byClone = new HashMap<>();

    @Override
    public String name() {
        return "core";
    }

    @Override
    public String hint() {
        return "keep kernel pointers in variables of type *bpfCore<Name>, and read each field with its own "
                + "bpfProbeReadKernel(dst, size, unsafe.Pointer(&p.Field)) (see docs/core.md)";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        byClone.clear();
        Map<Integer, CoreType> byTypedef = new HashMap<>();
        Map<Integer, CoreType> byComposite = new HashMap<>();
        for (MetadataDef d : m.metadataDefs()) {
            if (!d.text().contains("bpfCore") || !"DIDerivedType".equals(d.kind()) || !"DW_TAG_typedef".equals(d.field("tag"))) continue;
            String simple = GoNames.simpleName(d.stringField("name"));
            if (simple == null || !simple.startsWith("bpfCore") || simple.length() <= 7) continue;
            MetadataDef comp = ctx.debug().stripTypedefs(d.refField("baseType"));
            if (comp == null || !"DW_TAG_structure_type".equals(comp.field("tag"))) continue;
            CoreType ct = byComposite.get(comp.id());
            if (ct == null) {
                ct = cloneStruct(ctx, comp, GoNames.camelToSnake(simple.substring(7)), new HashMap<>());
                byComposite.put(comp.id(), ct);
            }
            d.setField("baseType", Md.ref(ct.diClone));
            byTypedef.put(d.id(), ct);
        }
        boolean used = false;
        int[] seq = {0};
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            used |= rewriteFunction(ctx, f, byTypedef, seq);
        }
        if (used) declare(m);
    }

    /** Copies a struct's debug type with kernel names; nested structs are copied too. */
    private CoreType cloneStruct(TransformContext ctx, MetadataDef comp, String kernelName, Map<Integer, CoreType> nested) {
        cloning.add(comp.id());
        try {
            return copyStruct(ctx, comp, kernelName, nested);
        } finally {
            cloning.remove(comp.id());
        }
    }

    /** The structs whose copy is under way (a cycle guard for {@link #cloneStruct}). */
    private final java.util.Set<Integer> cloning = new java.util.HashSet<>();

    private CoreType copyStruct(TransformContext ctx, MetadataDef comp, String kernelName, Map<Integer, CoreType> nested) {
        Module m = ctx.module();
        MetadataDef elems = m.metadata(comp.refField("elements"));
        List<Member> members = new ArrayList<>();
        List<Integer> memberRefs = new ArrayList<>();
        List<Type> ir = new ArrayList<>();
        long pos = 0;
        List<Integer> refs = elems == null ? List.of() : elems.elementRefs();
        for (int di = 0; di < refs.size(); di++) {
            MetadataDef mem = m.metadata(refs.get(di));
            if (mem == null || !"DW_TAG_member".equals(mem.field("tag"))) continue;
            long off = mem.intField("offset", 0) / 8;
            long size = mem.intField("size", 0) / 8;
            int type = mem.refField("baseType");
            MetadataDef stripped = ctx.debug().stripTypedefs(type);
            // nested structs are part of the access path, so they need kernel member names too
            // a struct containing itself (only hand-written debug info can say so: Go rejects such a
            // type) is not copied again: the copy would never end
            if (stripped != null && "DW_TAG_structure_type".equals(stripped.field("tag")) && !cloning.contains(stripped.id())) {
                // not computeIfAbsent: the recursive copy adds to the same map
                CoreType inner = nested.get(stripped.id());
                if (inner == null) {
                    inner = cloneStruct(ctx, stripped, null, nested);
                    nested.put(stripped.id(), inner);
                }
                type = inner.diClone;
            }
            if (off > pos) ir.add(new Type.Array(off - pos, Type.I8));
            String kname = GoNames.camelToSnake(mem.stringField("name"));
            members.add(new Member(kname, off, size, type, di, ir.size()));
            ir.add(irType(ctx, type, size, nested));
            pos = off + size;
            memberRefs.add(m.add(mem.node().distinct(false).set("name", kname).setRef("baseType", type)));
        }
        long total = comp.intField("size", 0) / 8;
        if (total > pos) ir.add(new Type.Array(total - pos, Type.I8));
        int tuple = m.addTuple(memberRefs);
        Md.Node clone = Md.Node.of("DICompositeType").distinct(true).set("tag", Md.word("DW_TAG_structure_type"));
        if (kernelName != null) clone.set("name", kernelName);
        clone.set("size", comp.intField("size", 0)).set("align", comp.intField("align", 8)).setRef("elements", tuple);
        int id = m.add(clone);
        CoreType ct = new CoreType(kernelName, id, total, members, new Type.Struct(ir, true));
        byClone.put(id, ct);
        return ct;
    }

    private Type irType(TransformContext ctx, int typeId, long size, Map<Integer, CoreType> nested) {
        MetadataDef t = ctx.debug().stripTypedefs(typeId);
        Type bytes = new Type.Array(size, Type.I8);
        if (t == null) return bytes;
        String tag = t.field("tag");
        if ("DIBasicType".equals(t.kind()) && size > 0 && size <= 8 && Long.bitCount(size) == 1) return Type.integer((int) size * 8);
        if ("DW_TAG_pointer_type".equals(tag)) return Type.PTR;
        if ("DW_TAG_structure_type".equals(tag)) {
            for (CoreType c : nested.values()) if (c.diClone == t.id()) return c.irType;
        }
        return bytes;
    }

    /** Where a kernel pointer points: the core type of its root, and a byte offset from it. */
    private record Ref(String base, CoreType type, long offset) {}

    private boolean rewriteFunction(TransformContext ctx, Function f, Map<Integer, CoreType> byTypedef, int[] seq) {
        Module m = ctx.module();
        DataLayout layout = new DataLayout(m);
        ValueTypes vt = ValueTypes.of(f, m);
        Map<String, Ref> refs = new HashMap<>();
        for (Map.Entry<String, Integer> e : vt.values.entrySet()) {
            CoreType ct = coreTypeOfPointer(ctx, e.getValue(), byTypedef);
            if (ct != null) refs.put(e.getKey(), new Ref(e.getKey(), ct, 0));
        }
        if (refs.isEmpty() && !mentionsCoreQuery(f)) return false;
        boolean changed = false;
        for (Function.Block b : f.blocks()) {
            List<BodyLine> lines = b.lines();
            for (int i = 0; i < lines.size(); i++) {
                BodyLine l = lines.get(i);
                switch (l.inst()) {
                    case Inst.Gep gep -> {
                        Ref r = fieldGep(gep, refs, layout);
                        if (r != null) refs.put(l.result(), r);
                    }
                    case Inst.Load load -> {
                        Ref r = refs.get(load.pointer().local());
                        if (r == null) continue;
                        List<BodyLine> chain = chain(ctx, f, l, r, layout.sizeOf(load.type()));
                        if (chain == null) continue;
                        lines.addAll(i, chain);
                        i += chain.size();
                        load.setPointer(Value.local(chain.getLast().result()));
                        changed = true;
                    }
                    case Call c when c.calleeName() != null -> {
                        String simple = GoNames.simpleName(c.calleeName());
                        List<Operand> args = c.arguments();
                        if (PROBE_READS.contains(simple) && args.size() >= 3) {
                            Ref r = refs.get(args.get(2).local());
                            if (r == null) continue;
                            long size = HeapToStack.constant(args.get(1));
                            if (size < 0) {
                                ctx.error("CO-RE read of " + r.type.kernelName + " with a size known only at run time", l, f, null);
                                continue;
                            }
                            List<BodyLine> chain = chain(ctx, f, l, r, size);
                            if (chain == null) continue;
                            lines.addAll(i, chain);
                            i += chain.size();
                            List<Operand> newArgs = new ArrayList<>(args);
                            newArgs.set(2, Operand.ptr(Value.local(chain.getLast().result())));
                            c.setArguments(newArgs);
                            changed = true;
                        } else if (simple != null && simple.startsWith("bpfCore")) {
                            changed |= query(ctx, f, lines, i, c, simple, refs, seq);
                        }
                    }
                    case null, default -> {}
                }
            }
        }
        return changed;
    }

    /**
     * The name of the stack slot (an alloca, or a heap allocation about to become one) that
     * {@code value} addresses through field offsets, or null when it is something else.
     */
    private static String localRoot(Function f, String value) {
        for (int guard = 0; value != null && guard < 64; guard++) {
            BodyLine def = null;
            for (BodyLine l : f.allLines()) {
                if (value.equals(l.result())) {
                    def = l;
                    break;
                }
            }
            if (def == null) return null;
            switch (def.inst()) {
                case Inst.Gep g -> value = g.base().local();
                case Inst.Alloca a -> {
                    return value;
                }
                case Call c when "runtime.alloc".equals(c.calleeName()) -> {
                    return value;
                }
                case null, default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean mentionsCoreQuery(Function f) {
        for (BodyLine l : f.allLines()) if (l.text().contains(".bpfCore")) return true;
        return false;
    }

    /** bpfCoreFieldExists/FieldSize/FieldOffset/TypeExists/TypeSize → LLVM's CO-RE intrinsics. */
    private boolean query(TransformContext ctx, Function f, List<BodyLine> lines, int i, Call c, String simple,
                          Map<String, Ref> refs, int[] seq) {
        BodyLine l = c.line();
        String res = l.result();
        List<Operand> args = c.arguments();
        Ref r = args.isEmpty() ? null : refs.get(args.getFirst().local());
        Type ret = c.returnType();
        switch (simple) {
            case "bpfCoreFieldExists", "bpfCoreFieldSize", "bpfCoreFieldOffset" -> {
                if (r == null) {
                    String local = args.isEmpty() ? null : localRoot(f, args.getFirst().local());
                    if (local != null) {
                        // the original tinybpf accepted this and answered for the copy, which has no relocations
                        ctx.error(simple + " is asked about a field of " + (local.chars().allMatch(Character::isDigit) ? "a local variable"
                                : "the local variable " + local) + ", a copy on the BPF stack: CO-RE relocates fields of kernel "
                                + "memory, and a struct read whole with bpfProbeReadKernel holds the kernel struct's first bytes, "
                                + "not the fields it names. Keep the kernel pointer typed and ask about its field: task := "
                                + "(*bpfCoreTaskStruct)(bpfGetCurrentTask()); " + simple + "(unsafe.Pointer(&task.Tgid)); read "
                                + "each field on its own: bpfProbeReadKernel(unsafe.Pointer(&ev.Tgid), 4, unsafe.Pointer(&task.Tgid))",
                                l, f, null);
                        return false;
                    }
                    ctx.error(simple + " needs the address of a field of a *bpfCore<Name> variable, e.g. "
                            + simple + "(unsafe.Pointer(&task.Pid))", l, f, null);
                    return false;
                }
                List<BodyLine> chain = chain(ctx, f, l, r, 0);
                if (chain == null) return false;
                int kind = simple.equals("bpfCoreFieldExists") ? 2 : simple.equals("bpfCoreFieldSize") ? 1 : 0;
                lines.addAll(i, chain);
                List<Operand> callArgs = List.of(Operand.ptr(Value.local(chain.getLast().result())), Operand.i64(kind));
                replaceWithI32(f, lines, i + chain.size(), res, ret, FIELD_INFO, callArgs, c.dbg(), -1);
                return true;
            }
            case "bpfCoreTypeExists", "bpfCoreTypeSize" -> {
                CoreType ct = r != null && r.offset == 0 ? r.type : null;
                if (ct == null) {
                    ctx.error(simple + " needs a *bpfCore<Name> variable, e.g. var t *bpfCoreTaskStruct = ...; "
                            + simple + "(unsafe.Pointer(t))", l, f, null);
                    return false;
                }
                int kind = simple.equals("bpfCoreTypeExists") ? 0 : 1;
                List<Operand> callArgs = List.of(Operand.i32(seq[0]++), Operand.i64(kind));
                replaceWithI32(f, lines, i, res, ret, TYPE_INFO, callArgs, c.dbg(), ct.diClone);
                return true;
            }
            default -> {
                ctx.error("unknown CO-RE query " + simple + " (known: bpfCoreFieldExists, bpfCoreFieldSize, bpfCoreFieldOffset, "
                        + "bpfCoreTypeExists, bpfCoreTypeSize)", l, f, null);
                return false;
            }
        }
    }

    /**
     * Replaces line {@code at} with a call of an i32 intrinsic; a Go declaration returning another
     * integer width gets the call into a temporary and a cast to its result.
     */
    private static void replaceWithI32(Function f, List<BodyLine> lines, int at, String res, Type ret, String intrinsic,
                                       List<Operand> args, int dbg, int accessIndex) {
        boolean cast = res != null && !ret.equals(Type.I32);
        String target = cast ? f.freshName(res + ".i32") : res;
        Build.NewInst call = Build.call(target, Type.I32, Value.global(intrinsic), args).dbg(dbg)
                .attach("llvm.preserve.access.index", accessIndex);
        if (!cast) {
            lines.set(at, call.line());
            return;
        }
        lines.set(at, call.line());
        String conv = ret.equals(Type.I64) ? "sext" : "trunc";
        lines.add(at + 1, Build.cast(res, conv, Operand.of(Type.I32, Value.local(target)), ret).line());
    }

    private static CoreType coreTypeOfPointer(TransformContext ctx, int typeId, Map<Integer, CoreType> byTypedef) {
        int pointee = ctx.debug().pointee(typeId);
        if (pointee < 0) return null;
        // the pointee is the bpfCore typedef (possibly behind further typedefs)
        for (int guard = 0; guard < 8 && pointee >= 0; guard++) {
            CoreType ct = byTypedef.get(pointee);
            if (ct != null) return ct;
            MetadataDef d = ctx.debug().node(pointee);
            if (d == null || !"DW_TAG_typedef".equals(d.field("tag"))) return null;
            pointee = d.refField("baseType");
        }
        return null;
    }

    /**
     * {@code %r = getelementptr ... ptr %base, <constant indices>} with a tracked base: TinyGo's
     * optimized IR steps in bytes ({@code i8, ptr %t, i64 4}), its unoptimized IR by struct fields
     * ({@code %T, ptr %t, i32 0, i32 1}); either way the address is base plus a constant.
     */
    private static Ref fieldGep(Inst.Gep gep, Map<String, Ref> refs, DataLayout layout) {
        Ref r = refs.get(gep.base().local());
        if (r == null) return null;
        long off = layout.constantOffset(gep);
        if (off < 0) return null;
        return new Ref(r.base, r.type, r.offset + off);
    }

    /**
     * The chain of access-index calls from the base pointer to the field at {@code r.offset}
     * whose size is {@code size} (0: the outermost field starting there). Null after an error.
     */
    private List<BodyLine> chain(TransformContext ctx, Function f, BodyLine use, Ref r, long size) {
        List<BodyLine> out = new ArrayList<>();
        int dbg = use.attachment("dbg");
        Value prev = Value.local(r.base);
        CoreType type = r.type;
        long off = r.offset;
        for (int depth = 0; depth < 16; depth++) {
            Member mem = null;
            for (Member x : type.members) if (off >= x.offset && off < x.offset + Math.max(1, x.size)) mem = x;
            if (mem == null || (size == 0 && depth == 0 && off != mem.offset)) {
                ctx.error("no field of " + describe(r.type) + " starts at byte " + r.offset + (size > 0 ? " with size " + size : ""),
                        use, f, null);
                return null;
            }
            String name = f.freshName("core." + mem.name);
            out.add(Build.call(name, Type.PTR, Value.global(STRUCT_ACCESS), List.of(
                            new Operand(Type.PTR, List.of(Attr.elementType(type.irType)), prev), Operand.i32(mem.irIndex), Operand.i32(mem.diIndex)))
                    .dbg(dbg).attach("llvm.preserve.access.index", type.diClone).line());
            prev = Value.local(name);
            long rel = off - mem.offset;
            CoreType inner = byClone.get(mem.typeId);
            // a read that covers a whole nested struct's first field relocates that field (the leaf the
            // Go code named), so the kernel may reorder the nested struct without breaking the read
            if (rel == 0 && (size == 0 || size == mem.size) && !(size > 0 && inner != null && startsField(inner, size))) return out;
            if (inner == null) {
                ctx.error("a " + size + "-byte read at byte " + r.offset + " of " + describe(r.type) + " does not match field "
                        + mem.name + " (" + mem.size + " bytes); CO-RE reads whole fields, not parts of them", use, f, null);
                return null;
            }
            type = inner;
            off = rel;
        }
        ctx.error("CO-RE access path too deep in " + describe(r.type), use, f, null);
        return null;
    }

    private static boolean startsField(CoreType t, long size) {
        for (Member m : t.members) if (m.offset == 0 && m.size == size) return true;
        return false;
    }

    private static String describe(CoreType t) {
        return t.kernelName != null ? "struct " + t.kernelName : "a nested struct";
    }

    private static void declare(Module m) {
        Operand ptr = Operand.of(Type.PTR, null);
        Operand i32 = new Operand(Type.I32, List.of(Attr.IMMARG), null);
        Operand i64 = new Operand(Type.I64, List.of(Attr.IMMARG), null);
        if (m.function(STRUCT_ACCESS) == null) m.declare(Type.PTR, STRUCT_ACCESS, List.of(ptr, i32, i32), -1);
        if (m.function(FIELD_INFO) == null) m.declare(Type.I32, FIELD_INFO, List.of(ptr, i64), -1);
        if (m.function(TYPE_INFO) == null) m.declare(Type.I32, TYPE_INFO, List.of(i32, i64), -1);
    }
}
