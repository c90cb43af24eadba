package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Cfg;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runtime.alloc} (a Go value escaping to the heap) becomes a zeroed stack slot: an
 * {@code alloca} at the top of the entry block and a {@code memset} where the allocation was, so a
 * variable declared in a loop is still fresh on every iteration. A size known only at run time
 * gets the slot of its checked maximum ({@code string(comm[:n])} after Go's {@code n <= 16}
 * check: 16 bytes); without one it is an error at its Go line, since BPF has no heap; so is
 * anything larger than the 512-byte stack.
 */
final class HeapToStack implements Pass {
    static final int STACK_LIMIT = 512;
    static final String MEMSET = "llvm.memset.p0.i64";

    @Override
    public String name() {
        return "heap-to-stack";
    }

    @Override
    public String hint() {
        return "BPF programs have a 512-byte stack and no heap: use fixed-size arrays, or keep large buffers in a "
                + "BPF map (a per-CPU array with one entry works as scratch space)";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        boolean used = false;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            List<BodyLine> allocas = new ArrayList<>();
            Cfg cfg = null;
            java.util.Map<String, BodyLine> defs = null;
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    BodyLine l = lines.get(i);
                    if (!(l.inst() instanceof Call c) || !"runtime.alloc".equals(c.calleeName())) continue;
                    String res = l.result();
                    List<Operand> args = c.arguments();
                    long size = args.isEmpty() ? -1 : constant(args.getFirst());
                    if (res == null) {
                        lines.remove(i--); // result unused: the allocation has no effect
                        continue;
                    }
                    if (size < 0 && !args.isEmpty() && args.getFirst().local() != null) {
                        // string(b[:n]), b[:n] copied: the length is checked against the array's before the copy
                        if (cfg == null) {
                            cfg = new Cfg(f);
                            defs = Blocks.definitions(f);
                        }
                        size = bound(cfg, defs, b, args.getFirst().local());
                        if (size == 0) size = 1; // an empty string's copy: LLVM wants a slot all the same
                    }
                    if (size < 0) {
                        ctx.error(dynamicAllocation(ctx.debug().inlineFrames(l)) + " allocates memory whose size is known only at "
                                + "run time, and BPF has no heap", l, f, null);
                        continue;
                    }
                    if (size > STACK_LIMIT) {
                        ctx.error("a " + size + "-byte value escapes to the heap and does not fit the " + STACK_LIMIT
                                + "-byte BPF stack", l, f, null);
                        continue;
                    }
                    long align = Math.max(8, returnAlign(c));
                    // A numbered value (%7) must stay where it is: LLVM requires them in sequence.
                    boolean numbered = res.chars().allMatch(Character::isDigit);
                    String slot = numbered ? "tinybpf.heap." + res : res;
                    allocas.add(Build.alloca(slot, new Type.Array(size, Type.I8), align).line());
                    lines.set(i, memset(Value.local(slot), align, size).dbg(c.dbg()).line());
                    if (numbered) {
                        lines.add(++i, Build.gep(res, true, Type.I8, Value.local(slot), List.of(Operand.i64(0))).dbg(c.dbg()).line());
                    }
                    used = true;
                }
            }
            for (int k = allocas.size() - 1; k >= 0; k--) f.insertAtEntry(allocas.get(k));
        }
        if (used) declareMemset(m);
    }

    /**
     * The largest value the run-time size {@code local} can have where the allocation in block
     * {@code at} runs: the least bound of the unsigned comparisons with a constant that branch
     * around it (Go checks {@code n} against the array's length before {@code string(a[:n])} or a
     * slice copy, and panics past it), or -1 when none dominates. The slot gets that many bytes.
     */
    static long bound(Cfg cfg, java.util.Map<String, BodyLine> defs, Function.Block at, String local) {
        // the size and the narrower values it was zero-extended from (instcombine compares those: icmp ugt i8 %n, 7)
        java.util.Set<String> same = new java.util.HashSet<>();
        for (String v = local; v != null && same.add(v); ) {
            BodyLine def = defs.get(v);
            v = def != null && def.inst() instanceof Inst.Cast c && "zext".equals(def.opcode()) ? c.source().local() : null;
        }
        long best = -1;
        for (Function.Block from : cfg.reversePostorder()) {
            BodyLine term = from.terminator();
            if (term == null || !(term.inst() instanceof Inst.Br br) || !br.isConditional()) continue;
            String cond = br.condition().local();
            if (cond == null) continue;
            if (!(defs.get(cond) instanceof BodyLine def) || !(def.inst() instanceof Inst.ICmp cmp)) continue;
            List<String> targets = br.targets();
            for (int edge = 0; edge < 2; edge++) {
                long limit = -1;
                for (String v : same) {
                    long l = limitOn(cmp, v, edge == 0);
                    if (l >= 0 && (limit < 0 || l < limit)) limit = l;
                }
                Function.Block to = cfg.block(targets.get(edge));
                if (limit < 0 || to == null || !cfg.edgeDominates(from, to, at)) continue;
                if (best < 0 || limit < best) best = limit;
            }
        }
        return best;
    }

    /** The bound on {@code local} where {@code cmp} is {@code taken}, for an unsigned compare with a constant; -1 if none. */
    private static long limitOn(Inst.ICmp cmp, String local, boolean taken) {
        String pred = cmp.predicate();
        long c;
        if (local.equals(cmp.lhs().local())) {
            c = constant(cmp.rhs());
        } else if (local.equals(cmp.rhs().local())) {
            c = constant(cmp.lhs());
            pred = switch (pred) { // C op n  ==  n op' C
                case "ugt" -> "ult";
                case "uge" -> "ule";
                case "ult" -> "ugt";
                case "ule" -> "uge";
                default -> pred;
            };
        } else {
            return -1;
        }
        if (c < 0) return -1;
        // the predicate that holds on this edge
        if (!taken) {
            pred = switch (pred) {
                case "ugt" -> "ule";
                case "uge" -> "ult";
                case "ult" -> "uge";
                case "ule" -> "ugt";
                case "eq" -> "ne";
                case "ne" -> "eq";
                default -> pred;
            };
        }
        return switch (pred) {
            case "ule", "eq" -> c;
            case "ult" -> c - 1;
            default -> -1;
        };
    }

    /** {@code call void @llvm.memset.p0.i64(ptr align A p, i8 0, i64 size, i1 false)}. */
    static Build.NewInst memset(Value ptr, long align, long size) {
        return Build.call(null, Type.VOID, Value.global(MEMSET), List.of(new Operand(Type.PTR, List.of(io.tinybpf.ir.Attr.align(align)), ptr),
                Operand.of(Type.I8, Value.of(0)), Operand.i64(size), Operand.of(Type.I1, Value.FALSE)));
    }

    static void declareMemset(Module m) {
        if (m.function(MEMSET) != null) return;
        m.declare(Type.VOID, MEMSET, List.of(Operand.of(Type.PTR, null), Operand.of(Type.I8, null), Operand.of(Type.I64, null),
                new Operand(Type.I1, List.of(io.tinybpf.ir.Attr.IMMARG), null)), -1);
    }

    /** What Go construct made a dynamic allocation, from the runtime routine it was inlined from. */
    static String dynamicAllocation(java.util.List<String> frames) {
        for (String fn : frames) {
            if (fn.startsWith("runtime.stringConcat")) return "string concatenation";
            if (fn.startsWith("runtime.stringFrom") || fn.startsWith("runtime.stringTo")) return "a string/[]byte conversion";
            if (fn.startsWith("runtime.sliceAppend") || fn.startsWith("runtime.sliceGrow")) return "append";
            if (fn.startsWith("runtime.hashmap")) return "a Go map";
        }
        return "make with a non-constant length (or another value of run-time size escaping to the heap)";
    }

    /** An integer literal operand's value; -1 for anything else. */
    static long constant(Operand o) {
        Long v = o.type() instanceof Type.Int && o.value() != null ? o.value().intValue() : null;
        return v == null ? -1 : v;
    }

    /** The {@code align N} TinyGo puts on the allocation's result (the Go type's alignment). */
    private static long returnAlign(Call c) {
        for (String a : c.returnAttributes()) {
            if (a.startsWith("align ")) {
                try {
                    return Long.parseLong(a.substring(6).strip());
                } catch (NumberFormatException ignored) {
                    return 1;
                }
            }
        }
        return 1;
    }
}
