package io.tinybpf.transform;

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

/**
 * A BPF function call passes at most five 64-bit scalars in registers and returns one: llc rejects
 * anything else ("too many arguments", "aggregate returns are not supported", or a crash on a
 * {@code (uint32, bool)} result). A {@code //go:noinline} Go function has any signature, so a
 * subprogram whose signature BPF cannot express is rewritten, with its callers:
 * <ul>
 *   <li>a result that is not one scalar (several results, a struct, an array) is written to a slot
 *       the caller allocates on its stack and passes as a first, pointer parameter;</li>
 *   <li>a parameter that is not a scalar (an array or struct by value) is copied to the caller's
 *       stack and passed by pointer; the callee loads its own copy, keeping Go's value semantics;</li>
 *   <li>parameters beyond what fits in five registers travel together in one stack struct.</li>
 * </ul>
 * The verifier accepts pointers into the caller's stack passed to static subprograms, which all of
 * these are. Functions whose address is taken (callbacks) keep their signature: the kernel calls them.
 */
final class LowerCalls implements Pass {
    static final int MAX_ARGS = 5;

    @Override
    public String name() {
        return "lower-calls";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        DataLayout layout = new DataLayout(m);
        Map<String, Plan> plans = new HashMap<>();
        for (Function f : m.functions()) {
            if (f.isDeclaration() || ctx.isProgram(f.name()) || addressTaken(m, f.name())) continue;
            Plan p = plan(f, layout);
            if (p != null) plans.put(f.name(), p);
        }
        if (plans.isEmpty()) return;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            boolean named = false;
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (!(lines.get(i).inst() instanceof Call c) || !plans.containsKey(c.calleeName())) continue;
                    if (!named) {
                        f.nameNumberedValues();
                        named = true;
                        c = (Call) lines.get(i).inst();
                    }
                    List<BodyLine> seq = rewriteCall(f, c, plans.get(c.calleeName()), layout);
                    lines.remove(i);
                    lines.addAll(i, seq);
                    i += seq.size() - 1;
                }
            }
        }
        for (Map.Entry<String, Plan> e : plans.entrySet()) {
            Function f = m.function(e.getKey());
            rewriteCallee(ctx, f, e.getValue(), layout);
            forgetMemoryEffects(m, f);
        }
    }

    /**
     * TinyGo's optimizer inferred the old function's memory effects ({@code memory(none)} for a
     * function that only computed its result); the new one writes its result through a pointer,
     * and an optimizer believing the old attribute would delete the write.
     */
    private static void forgetMemoryEffects(Module m, Function f) {
        for (int id : f.attributeGroups()) {
            var group = m.attributeGroup(id);
            if (group == null) continue;
            List<String> kept = new ArrayList<>();
            boolean drop = false;
            for (String a : group.attributes()) {
                if (a.startsWith("memory(") || a.equals("readnone") || a.equals("readonly") || a.equals("writeonly")
                        || a.equals("argmemonly") || a.equals("speculatable")) {
                    drop = true;
                } else {
                    kept.add(a);
                }
            }
            if (drop) f.replaceAttributeGroup(id, m.addAttributeGroup(kept.isEmpty() ? List.of("nounwind") : kept));
        }
    }

    /** How one function's signature changes. */
    private record Plan(Type result, boolean resultInSlot, List<Type> params, List<Boolean> byPointer, int inRegisters, Type.Struct packed) {}

    private static boolean isScalar(Type t) {
        return (t instanceof Type.Int i && i.bits() <= 64) || t instanceof Type.Ptr;
    }

    private static Plan plan(Function f, DataLayout layout) {
        Type ret = f.returnType();
        boolean slot = !(ret instanceof Type.Void) && !isScalar(ret);
        List<Type> params = new ArrayList<>();
        List<Boolean> byPtr = new ArrayList<>();
        boolean change = slot;
        for (Function.Param p : f.params()) {
            params.add(p.type());
            boolean ptr = !isScalar(p.type());
            byPtr.add(ptr);
            change |= ptr;
        }
        int slots = MAX_ARGS - (slot ? 1 : 0);
        int inRegs = params.size();
        Type.Struct packed = null;
        if (params.size() > slots) {
            change = true;
            inRegs = slots - 1;
            List<Type> rest = new ArrayList<>();
            for (int i = inRegs; i < params.size(); i++) rest.add(byPtr.get(i) ? Type.PTR : params.get(i));
            packed = new Type.Struct(rest, false);
        }
        return change ? new Plan(ret, slot, params, byPtr, inRegs, packed) : null;
    }

    private static boolean addressTaken(Module m, String name) {
        for (Function f : m.functions()) {
            for (BodyLine l : f.allLines()) {
                if (l.text().indexOf('@') < 0 || !l.isInstruction()) continue;
                Inst in = l.inst();
                if (in instanceof Call c && name.equals(c.calleeName())) {
                    for (Operand a : c.arguments()) if (a.value() instanceof Value.Global g && g.name().equals(name)) return true;
                    continue;
                }
                if (Module.globalRefsOf(l).contains(name)) return true;
            }
        }
        return false;
    }

    private static long align(DataLayout layout, Type t) {
        return Math.max(8, layout.alignOf(t));
    }

    /** The caller side: a result slot and argument copies on the caller's stack. */
    private static List<BodyLine> rewriteCall(Function caller, Call c, Plan p, DataLayout layout) {
        List<BodyLine> out = new ArrayList<>();
        int dbg = c.dbg();
        String base = c.calleeName().substring(c.calleeName().lastIndexOf('.') + 1);
        List<Operand> args = c.arguments();
        List<Operand> newArgs = new ArrayList<>();
        String slot = null;
        if (p.resultInSlot()) {
            slot = caller.freshName(base + ".result");
            caller.insertAtEntry(Build.alloca(slot, p.result(), align(layout, p.result())).line());
            newArgs.add(Operand.ptr(Value.local(slot)));
        }
        List<Operand> passed = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Operand a = args.get(i);
            if (!p.byPointer().get(i)) {
                passed.add(a);
                continue;
            }
            String copy = caller.freshName(base + ".arg" + i);
            caller.insertAtEntry(Build.alloca(copy, a.type(), align(layout, a.type())).line());
            out.add(Build.store(a.withoutAttributes(), Value.local(copy), 0).dbg(dbg).line());
            passed.add(Operand.ptr(Value.local(copy)));
        }
        for (int i = 0; i < Math.min(p.inRegisters(), passed.size()); i++) newArgs.add(passed.get(i));
        if (p.packed() != null) {
            String pack = caller.freshName(base + ".args");
            caller.insertAtEntry(Build.alloca(pack, p.packed(), align(layout, p.packed())).line());
            for (int i = p.inRegisters(); i < passed.size(); i++) {
                String field = caller.freshName(pack + "." + i);
                out.add(Build.gep(field, true, p.packed(), Value.local(pack), List.of(Operand.i32(0), Operand.i32(i - p.inRegisters())))
                        .dbg(dbg).line());
                out.add(Build.store(passed.get(i).withoutAttributes(), Value.local(field), 0).dbg(dbg).line());
            }
            newArgs.add(Operand.ptr(Value.local(pack)));
        }
        Type ret = p.resultInSlot() ? Type.VOID : p.result();
        String result = p.resultInSlot() ? null : c.result();
        out.add(Build.call(result, c.callingConvention(), ret, Value.global(c.calleeName()), newArgs).dbg(dbg).line());
        if (p.resultInSlot() && c.result() != null) {
            out.add(Build.load(c.result(), p.result(), Value.local(slot), false, align(layout, p.result())).dbg(dbg).line());
        }
        return out;
    }

    /** The callee side: new parameters, loads of what moved to memory, results stored to the slot. */
    private static void rewriteCallee(TransformContext ctx, Function f, Plan p, DataLayout layout) {
        f.nameNumberedValues();
        List<Function.Param> old = f.params();
        List<Function.Param> params = new ArrayList<>();
        List<BodyLine> entry = new ArrayList<>();
        String slot = null;
        if (p.resultInSlot()) {
            slot = f.freshName("result.slot");
            params.add(new Function.Param(Type.PTR, List.of(), slot));
        }
        Map<Integer, Integer> argNumbers = new HashMap<>(); // old 1-based arg → new, or absent when it became a load
        String pack = p.packed() != null ? f.freshName("args.pack") : null;
        for (int i = 0; i < old.size(); i++) {
            Function.Param op = old.get(i);
            String name = op.name() != null ? op.name() : f.freshName("arg" + i);
            boolean inReg = i < p.inRegisters();
            Value from;
            if (inReg && !p.byPointer().get(i)) {
                params.add(new Function.Param(op.type(), op.attributes(), name));
                argNumbers.put(i + 1, params.size());
                continue;
            }
            if (inReg) {
                String ref = f.freshName(name + ".ref");
                params.add(new Function.Param(Type.PTR, List.of(), ref));
                from = Value.local(ref);
            } else {
                String field = f.freshName(name + ".field");
                entry.add(Build.gep(field, true, p.packed(), Value.local(pack), List.of(Operand.i32(0), Operand.i32(i - p.inRegisters()))).line());
                if (p.byPointer().get(i)) {
                    String ref = f.freshName(name + ".ref");
                    entry.add(Build.load(ref, Type.PTR, Value.local(field), false, 8).line());
                    from = Value.local(ref);
                } else {
                    from = Value.local(field);
                }
            }
            entry.add(Build.load(name, op.type(), from, false, align(layout, op.type())).line());
        }
        if (pack != null) params.add(new Function.Param(Type.PTR, List.of(), pack));
        f.setParams(params);
        if (p.resultInSlot()) {
            f.setReturnType(Type.VOID);
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (!(lines.get(i).inst() instanceof Inst.Ret r) || r.value() == null) continue;
                    int dbg = r.dbg();
                    lines.set(i, Build.ret(null).dbg(dbg).line());
                    lines.add(i, Build.store(r.value().withoutAttributes(), Value.local(slot), align(layout, p.result())).dbg(dbg).line());
                    i++;
                }
            }
        }
        for (int k = entry.size() - 1; k >= 0; k--) f.insertAtEntry(entry.get(k));
        renumberArguments(ctx, f, argNumbers);
    }

    /** Debug variables of parameters follow them to their new positions; those now loaded become locals. */
    private static void renumberArguments(TransformContext ctx, Function f, Map<Integer, Integer> argNumbers) {
        MetadataDef sp = ctx.module().metadata(f.attachment("dbg"));
        if (sp == null) return;
        MetadataDef retained = ctx.module().metadata(sp.refField("retainedNodes"));
        if (retained == null) return;
        for (int id : retained.elementRefs()) {
            MetadataDef v = ctx.module().metadata(id);
            if (v == null || !"DILocalVariable".equals(v.kind())) continue;
            long arg = v.intField("arg", 0);
            if (arg <= 0) continue;
            Integer to = argNumbers.get((int) arg);
            if (to == null) v.removeField("arg");
            else if (to != arg) v.setField("arg", Md.num(to));
        }
    }
}
