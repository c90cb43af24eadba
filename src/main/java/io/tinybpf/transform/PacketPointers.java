package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.DataLayout;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
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
 * A post-opt step: packet addresses become pointer arithmetic, as in C. Go computes them on
 * {@code uintptr}s ({@code data + i}, then {@code unsafe.Pointer(...)}), so the optimized IR has
 * {@code add i64} and {@code inttoptr} where clang has {@code getelementptr} on a packet pointer,
 * and the bounds checks compare integers ({@code llvm.bpf.compare}, see {@link PacketBounds})
 * where clang compares pointers. llc's loop strength reduction and block placement do worse on the
 * integer form: the benchmark's loop over packet bytes was 22 instructions with an exit flag kept
 * in a register, against clang's 17 (and 455 verifier-processed instructions against 328); in the
 * pointer form llc emits clang's loop exactly.
 *
 * <p>So, in each packet program: a packet field widened to 64 bits gets a pointer twin
 * ({@code inttoptr}), {@code base + n} gets {@code getelementptr i8, ptr base, n} (plain, not
 * {@code inbounds}: nothing is claimed about the packet's extent), each {@code inttoptr} of such a
 * sum uses the pointer instead, and each {@code llvm.bpf.compare} of two such values becomes the
 * {@code icmp} on the pointers — what clang hands llc. This runs after opt, whose rewrites of
 * bounds checks the intrinsic was protecting against; llc restores the intrinsic to the same
 * compare anyway. Values the step cannot follow (phis of packet pointers, {@code or}) stay as they
 * are.
 */
final class PacketPointers {
    private PacketPointers() {}

    /** bpf.compare's predicate numbers that compare pointers as LLVM does (unsigned and equality). */
    private static final Map<Long, String> PREDICATES = Map.of(32L, "eq", 33L, "ne", 34L, "ugt", 35L, "uge", 36L, "ult", 37L, "ule");

    /** Rewrites every packet program of {@code programs}; returns whether anything changed. */
    static boolean rewrite(Module m, Map<String, String> programs) {
        DataLayout layout = new DataLayout(m);
        boolean changed = false;
        for (Map.Entry<String, String> p : programs.entrySet()) {
            Set<Long> fields = PacketBounds.fields(p.getValue());
            Function f = m.function(p.getKey());
            if (fields == null || f == null || f.isDeclaration() || f.params().isEmpty() || f.params().getFirst().name() == null) continue;
            changed |= rewrite(f, f.params().getFirst().name(), fields, layout);
        }
        return changed;
    }

    private static boolean rewrite(Function f, String ctxParam, Set<Long> fields, DataLayout layout) {
        Set<String> before = PacketBounds.packetValues(f, ctxParam, fields, layout);
        if (before.isEmpty()) return false;
        List<BodyLine> targets = new ArrayList<>();
        Map<String, Inst> defs = new HashMap<>();
        for (BodyLine l : f.allLines()) if (l.isInstruction() && l.result() != null) defs.put(l.result(), l.inst());
        for (BodyLine l : f.allLines()) {
            switch (l.inst()) {
                case Inst.Cast c when c.opcode().equals("inttoptr") && before.contains(c.source().local())
                        && !isField(defs, c.source().local()) -> targets.add(l);
                case Call c when PacketBounds.COMPARE.equals(c.calleeName()) -> targets.add(l);
                case null, default -> {}
            }
        }
        if (targets.isEmpty()) return false;
        // new and removed instructions would break LLVM's numbering of %0, %1, ...: name them, then look again
        f.nameNumberedValues();
        Set<String> packet = PacketBounds.packetValues(f, ctxParam, fields, layout);
        defs.clear();
        for (BodyLine l : f.allLines()) if (l.isInstruction() && l.result() != null) defs.put(l.result(), l.inst());
        Pointers ptrs = new Pointers(f, packet);
        Map<String, Value> replaced = new HashMap<>();
        boolean changed = false;
        for (BodyLine l : f.allLines()) {
            switch (l.inst()) {
                case Inst.Cast c when c.opcode().equals("inttoptr") && packet.contains(c.source().local())
                        && !isField(defs, c.source().local()) -> {
                    Value p = ptrs.of(c.source().local());
                    if (p == null) continue;
                    replaced.put(c.result(), p);
                    changed = true;
                }
                case Call c when PacketBounds.COMPARE.equals(c.calleeName()) && c.arguments().size() == 3 -> {
                    List<Operand> a = c.arguments();
                    Long k = a.get(0).value().intValue();
                    String pred = k == null ? null : PREDICATES.get(k);
                    Value x = ptrs.of(a.get(1).local()), y = ptrs.of(a.get(2).local());
                    if (pred == null || x == null || y == null) continue;
                    l.become(Build.icmp(c.result(), pred, Type.PTR, x, y).dbg(c.dbg()));
                    changed = true;
                }
                case null, default -> {}
            }
        }
        if (!replaced.isEmpty()) {
            for (Function.Block b : f.blocks()) {
                b.lines().removeIf(l -> l.result() != null && replaced.containsKey(l.result()) && l.isInstruction());
                for (BodyLine l : b.lines()) {
                    if (l.kind() != BodyLine.Kind.INSTRUCTION && l.kind() != BodyLine.Kind.DEBUG_RECORD) continue;
                    for (String used : l.localOperands()) {
                        Value v = replaced.get(used);
                        if (v != null) l.replaceLocal(used, v);
                    }
                }
            }
        }
        if (changed) removeDeadArithmetic(f, packet);
        return changed;
    }

    /** A packet field widened to 64 bits: {@code zext} of a load. */
    private static boolean isField(Map<String, Inst> defs, String name) {
        return defs.get(name) instanceof Inst.Cast c && c.opcode().equals("zext") && c.target().equals(Type.I64)
                && defs.get(c.source().local()) instanceof Inst.Load;
    }

    /**
     * The integer sums the pointers replaced, now unused: llc would keep computing them for its
     * loop strength reduction (an extra induction variable in the benchmark's packet loop).
     */
    private static void removeDeadArithmetic(Function f, Set<String> packet) {
        boolean removed = true;
        while (removed) {
            removed = false;
            Map<String, Integer> uses = new HashMap<>();
            for (BodyLine l : f.allLines()) if (l.isInstruction()) for (String u : l.localOperands()) uses.merge(u, 1, Integer::sum);
            for (Function.Block b : f.blocks()) {
                removed |= b.lines().removeIf(l -> l.isInstruction() && l.result() != null && packet.contains(l.result())
                        && !uses.containsKey(l.result()) && (l.inst() instanceof Inst.Binary || l.inst() instanceof Inst.Cast));
            }
            if (removed) {
                Set<String> live = new java.util.HashSet<>();
                for (BodyLine l : f.allLines()) if (l.isInstruction() && l.result() != null) live.add(l.result());
                for (BodyLine l : f.allLines()) {
                    if (l.kind() != BodyLine.Kind.DEBUG_RECORD) continue;
                    for (String u : l.localOperands()) if (packet.contains(u) && !live.contains(u)) l.replaceLocal(u, Value.POISON);
                }
            }
        }
    }

    /** The pointer twin of each packet integer it can follow, made on first request right after the integer's definition. */
    private static final class Pointers {
        private final Function f;
        private final Set<String> packet;
        private final Map<String, BodyLine> defs = new HashMap<>();
        private final Map<String, Function.Block> blocks = new HashMap<>();
        private final Map<String, Value> made = new HashMap<>();

        Pointers(Function f, Set<String> packet) {
            this.f = f;
            this.packet = packet;
            for (Function.Block b : f.blocks()) {
                for (BodyLine l : b.lines()) {
                    if (l.isInstruction() && l.result() != null) {
                        defs.put(l.result(), l);
                        blocks.put(l.result(), b);
                    }
                }
            }
        }

        Value of(String name) {
            if (name == null || !packet.contains(name)) return null;
            if (made.containsKey(name)) return made.get(name);
            BodyLine d = defs.get(name);
            Value out = null;
            switch (d == null ? null : d.inst()) {
                // a packet field, widened: the pointer the kernel put there
                case Inst.Cast c when c.opcode().equals("zext") && c.target().equals(Type.I64) && defs.get(c.source().local()) != null
                        && defs.get(c.source().local()).inst() instanceof Inst.Load ->
                        out = insertAfter(d, Build.cast(f.freshName(name + ".ptr"), "inttoptr", Operand.of(Type.I64, Value.local(name)), Type.PTR));
                case Inst.Binary bin when bin.opcode().equals("add") && bin.type().equals(Type.I64) -> {
                    boolean left = packet.contains(bin.lhs().local()), right = packet.contains(bin.rhs().local());
                    if (left == right) break;
                    Value base = of(left ? bin.lhs().local() : bin.rhs().local());
                    Value offset = (left ? bin.rhs() : bin.lhs()).value();
                    if (base != null) {
                        out = insertAfter(d, Build.gep(f.freshName(name + ".ptr"), false, Type.I8, base, List.of(Operand.of(Type.I64, offset))));
                    }
                }
                case null, default -> {}
            }
            made.put(name, out);
            return out;
        }

        private Value insertAfter(BodyLine def, Build.NewInst inst) {
            List<BodyLine> lines = blocks.get(def.result()).lines();
            lines.add(lines.indexOf(def) + 1, inst.dbg(def.attachment("dbg")).line());
            return inst.value();
        }
    }
}
