package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Names;
import io.tinybpf.ir.Tokens;
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
    record CoreType(String kernelName, int diClone, long size, List<Member> members, String irType) {}

    /** Every struct copy made, by its debug id: nested members are found here when a path descends. */
    private final Map<Integer, CoreType> byClone = new HashMap<>();

    @Override
    public String name() {
        return "core";
    }

    @Override
    public String hint() {
        return "keep kernel pointers in variables of type *bpfCore<Name>, and read each field with its own "
                + "bpfProbeReadKernel(dst, size, unsafe.Pointer(&p.Field)) (see docs/writing-programs.md#co-re)";
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
            d.setField("baseType", "!" + ct.diClone);
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
        Module m = ctx.module();
        MetadataDef elems = m.metadata(comp.refField("elements"));
        List<Member> members = new ArrayList<>();
        List<String> memberRefs = new ArrayList<>();
        StringBuilder ir = new StringBuilder("<{ ");
        long pos = 0;
        int irIndex = 0;
        List<Integer> refs = elems == null ? List.of() : elems.elementRefs();
        for (int di = 0; di < refs.size(); di++) {
            MetadataDef mem = m.metadata(refs.get(di));
            if (mem == null || !"DW_TAG_member".equals(mem.field("tag"))) continue;
            long off = mem.intField("offset", 0) / 8;
            long size = mem.intField("size", 0) / 8;
            int type = mem.refField("baseType");
            MetadataDef stripped = ctx.debug().stripTypedefs(type);
            // nested structs are part of the access path, so they need kernel member names too
            if (stripped != null && "DW_TAG_structure_type".equals(stripped.field("tag"))) {
                // not computeIfAbsent: the recursive copy adds to the same map
                CoreType inner = nested.get(stripped.id());
                if (inner == null) {
                    inner = cloneStruct(ctx, stripped, null, nested);
                    nested.put(stripped.id(), inner);
                }
                type = inner.diClone;
            }
            if (off > pos) {
                ir.append(irIndex > 0 ? ", " : "").append("[").append(off - pos).append(" x i8]");
                irIndex++;
            }
            String goName = mem.stringField("name");
            String kname = GoNames.camelToSnake(goName);
            members.add(new Member(kname, off, size, type, di, irIndex));
            ir.append(irIndex > 0 ? ", " : "").append(irType(ctx, type, size, nested));
            irIndex++;
            pos = off + size;
            String body = mem.body().replaceFirst("^distinct ", "").replace("name: " + Names.quote(goName), "name: " + Names.quote(kname))
                    .replaceFirst("baseType: ![0-9]+", "baseType: !" + type);
            memberRefs.add("!" + m.addMetadata(body));
        }
        long total = comp.intField("size", 0) / 8;
        if (total > pos) ir.append(irIndex > 0 ? ", " : "").append("[").append(total - pos).append(" x i8]");
        ir.append(" }>");
        int tuple = m.addMetadata("!{" + String.join(", ", memberRefs) + "}");
        int clone = m.addMetadata("distinct !DICompositeType(tag: DW_TAG_structure_type"
                + (kernelName != null ? ", name: " + Names.quote(kernelName) : "") + ", size: " + comp.intField("size", 0)
                + ", align: " + comp.intField("align", 8) + ", elements: !" + tuple + ")");
        CoreType ct = new CoreType(kernelName, clone, total, members, ir.toString().replace("<{  }>", "<{}>"));
        byClone.put(clone, ct);
        return ct;
    }

    private String irType(TransformContext ctx, int typeId, long size, Map<Integer, CoreType> nested) {
        MetadataDef t = ctx.debug().stripTypedefs(typeId);
        if (t == null) return "[" + size + " x i8]";
        String tag = t.field("tag");
        if ("DIBasicType".equals(t.kind()) && size > 0 && size <= 8 && Long.bitCount(size) == 1) return "i" + size * 8;
        if ("DW_TAG_pointer_type".equals(tag)) return "ptr";
        if ("DW_TAG_structure_type".equals(tag)) {
            for (CoreType c : nested.values()) if (c.diClone == t.id()) return c.irType;
        }
        return "[" + size + " x i8]";
    }

    /** Where a kernel pointer points: the core type of its root, and a byte offset from it. */
    private record Ref(String base, CoreType type, long offset) {}

    private boolean rewriteFunction(TransformContext ctx, Function f, Map<Integer, CoreType> byTypedef, int[] seq) {
        Module m = ctx.module();
        ValueTypes vt = ValueTypes.of(f, m);
        Map<String, Ref> refs = new HashMap<>();
        for (Map.Entry<String, Integer> e : vt.values.entrySet()) {
            CoreType ct = coreTypeOfPointer(ctx, e.getValue(), byTypedef);
            if (ct != null) refs.put(e.getKey(), new Ref(e.getKey(), ct, 0));
        }
        if (refs.isEmpty() && !mentionsCoreQuery(f)) return false;
        boolean changed = false;
        int n = 0;
        for (Function.Block b : f.blocks()) {
            List<BodyLine> lines = b.lines();
            for (int i = 0; i < lines.size(); i++) {
                BodyLine l = lines.get(i);
                if (!l.isInstruction()) continue;
                String op = l.opcode();
                if (op.equals("getelementptr")) {
                    Ref r = byteGep(l, refs);
                    if (r != null) refs.put(l.result(), r);
                    continue;
                }
                if (op.equals("load")) {
                    String ptr = loadPointer(l);
                    Ref r = ptr == null ? null : refs.get(ptr);
                    if (r == null) continue;
                    long size = Globals.sizeOf(loadType(l));
                    List<BodyLine> chain = chain(ctx, f, l, r, size, "__core" + n++);
                    if (chain == null) continue;
                    lines.addAll(i, chain);
                    i += chain.size();
                    l.replaceLocal(ptr, Names.local(chain.getLast().result()));
                    changed = true;
                    continue;
                }
                if (!op.equals("call")) continue;
                Call c = l.call();
                String callee = c == null ? null : c.calleeName();
                if (callee == null) continue;
                String simple = GoNames.simpleName(callee);
                List<String> args = c.args();
                if (PROBE_READS.contains(simple) && args.size() >= 3) {
                    String src = localName(Call.argValue(args.get(2)));
                    Ref r = src == null ? null : refs.get(src);
                    if (r == null) continue;
                    long size = HeapToStack.constantI64(args.get(1).replace("i32 ", "i64 "));
                    if (size < 0) {
                        ctx.error("CO-RE read of " + r.type.kernelName + " with a size known only at run time", l, f, null);
                        continue;
                    }
                    List<BodyLine> chain = chain(ctx, f, l, r, size, "__core" + n++);
                    if (chain == null) continue;
                    lines.addAll(i, chain);
                    i += chain.size();
                    List<String> newArgs = new ArrayList<>(args);
                    newArgs.set(2, "ptr " + Names.local(chain.getLast().result()));
                    c.rewrite(null, newArgs, true);
                    changed = true;
                } else if (simple != null && simple.startsWith("bpfCore")) {
                    changed |= query(ctx, f, lines, i, l, c, simple, refs, seq, n++);
                }
            }
        }
        return changed;
    }

    private static boolean mentionsCoreQuery(Function f) {
        for (BodyLine l : f.allLines()) if (l.text().contains(".bpfCore")) return true;
        return false;
    }

    /** bpfCoreFieldExists/FieldSize/FieldOffset/TypeExists/TypeSize → LLVM's CO-RE intrinsics. */
    private boolean query(TransformContext ctx, Function f, List<BodyLine> lines, int i, BodyLine l, Call c, String simple,
                          Map<String, Ref> refs, int[] seq, int n) {
        String res = l.result();
        List<String> args = c.args();
        String arg = args.isEmpty() ? null : localName(Call.argValue(args.getFirst()));
        Ref r = arg == null ? null : refs.get(arg);
        int dbg = l.attachment("dbg");
        String dbgText = dbg >= 0 ? ", !dbg !" + dbg : "";
        String target = res == null ? "" : Names.local(res) + " = ";
        String ret = c.returnType();
        switch (simple) {
            case "bpfCoreFieldExists", "bpfCoreFieldSize", "bpfCoreFieldOffset" -> {
                if (r == null) {
                    ctx.error(simple + " needs the address of a field of a *bpfCore<Name> variable, e.g. "
                            + simple + "(unsafe.Pointer(&task.Pid))", l, f, null);
                    return false;
                }
                List<BodyLine> chain = chain(ctx, f, l, r, 0, "__core" + n);
                if (chain == null) return false;
                int kind = simple.equals("bpfCoreFieldExists") ? 2 : simple.equals("bpfCoreFieldSize") ? 1 : 0;
                lines.addAll(i, chain);
                String call = "call i32 @" + FIELD_INFO + "(ptr " + Names.local(chain.getLast().result()) + ", i64 " + kind + ")" + dbgText;
                lines.set(i + chain.size(), BodyLine.instruction(target + adapt(call, ret, res, lines, i + chain.size())));
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
                String call = "call i32 @" + TYPE_INFO + "(i32 " + (seq[0]++) + ", i64 " + kind + ")" + dbgText
                        + ", !llvm.preserve.access.index !" + ct.diClone;
                lines.set(i, BodyLine.instruction(target + adapt(call, ret, res, lines, i)));
                return true;
            }
            default -> {
                ctx.error("unknown CO-RE query " + simple + " (known: bpfCoreFieldExists, bpfCoreFieldSize, bpfCoreFieldOffset, "
                        + "bpfCoreTypeExists, bpfCoreTypeSize)", l, f, null);
                return false;
            }
        }
    }

    /** The intrinsics return i32; a Go declaration returning another integer width gets a cast. */
    private static String adapt(String call, String ret, String res, List<BodyLine> lines, int at) {
        if (ret.equals("i32") || res == null) return call;
        String tmp = res + ".i32";
        lines.add(at, BodyLine.instruction(Names.local(tmp) + " = " + call));
        String conv = ret.equals("i64") ? "sext" : "trunc";
        return conv + " i32 " + Names.local(tmp) + " to " + ret;
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

    /** {@code %r = getelementptr inbounds [nuw] i8, ptr %base, i64 C} with a tracked base. */
    private static Ref byteGep(BodyLine l, Map<String, Ref> refs) {
        Tokens t = l.tokens();
        int op = l.opcodeIndex();
        int[] parts = t.splitTopLevel(op + 1, t.size());
        List<String> ops = new ArrayList<>();
        for (int k = 0; k < parts.length; k += 2) {
            String part = t.span(parts[k], parts[k + 1]);
            if (!part.startsWith("!")) ops.add(part); // metadata attachments are not operands
        }
        if (ops.size() < 3) return null;
        String first = ops.getFirst().replace("inbounds", "").replace("nuw", "").replace("nusw", "").strip();
        if (!first.equals("i8")) return null;
        String base = localName(Call.argValue(ops.get(1)));
        Ref r = base == null ? null : refs.get(base);
        if (r == null || ops.size() != 3) return null;
        long off = HeapToStack.constantI64(ops.get(2).strip());
        if (off < 0) return null;
        return new Ref(r.base, r.type, r.offset + off);
    }

    private static String loadPointer(BodyLine l) {
        Tokens t = l.tokens();
        int[] parts = t.splitTopLevel(l.opcodeIndex() + 1, t.size());
        if (parts.length < 4) return null;
        return localName(Call.argValue(t.span(parts[2], parts[3])));
    }

    private static String loadType(BodyLine l) {
        Tokens t = l.tokens();
        int i = l.opcodeIndex() + 1;
        if (t.is(i, "volatile") || t.is(i, "atomic")) i++;
        return t.text(i);
    }

    private static String localName(String v) {
        return v != null && v.startsWith("%") ? Tokens.of(v).identName(0) : null;
    }

    /**
     * The chain of access-index calls from the base pointer to the field at {@code r.offset}
     * whose size is {@code size} (0: the outermost field starting there). Null after an error.
     */
    private List<BodyLine> chain(TransformContext ctx, Function f, BodyLine use, Ref r, long size, String prefix) {
        List<BodyLine> out = new ArrayList<>();
        int dbg = use.attachment("dbg");
        String prev = Names.local(r.base);
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
            String name = Names.local(prefix + "." + depth);
            out.add(BodyLine.instruction(name + " = call ptr @" + STRUCT_ACCESS + "(ptr elementtype(" + type.irType + ") " + prev
                    + ", i32 " + mem.irIndex + ", i32 " + mem.diIndex + ")" + (dbg >= 0 ? ", !dbg !" + dbg : "")
                    + ", !llvm.preserve.access.index !" + type.diClone));
            prev = name;
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
        if (m.function(STRUCT_ACCESS) == null) m.addDeclaration("declare ptr @" + STRUCT_ACCESS + "(ptr, i32 immarg, i32 immarg)");
        if (m.function(FIELD_INFO) == null) m.addDeclaration("declare i32 @" + FIELD_INFO + "(ptr, i64 immarg)");
        if (m.function(TYPE_INFO) == null) m.addDeclaration("declare i32 @" + TYPE_INFO + "(i32 immarg, i64 immarg)");
    }
}
