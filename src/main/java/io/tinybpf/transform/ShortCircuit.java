package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers a branch on a chain of {@code &&} (or {@code ||}) into one branch per operand, each
 * operand's loads and compare moved into its own block, so evaluation stops at the first operand
 * that decides — what C's {@code &&} compiles to.
 *
 * <p>Why: Go's {@code a == b} on structs and arrays compares every field and combines the results
 * with {@code and} (TinyGo emits all the loads first, then the compares, then the {@code and}s;
 * both operands are plain memory, so LLVM may legally evaluate all of them). BPF has no
 * instruction that turns a comparison into 0/1, so each compare becomes a register set, a branch
 * and a reset before the {@code and}: the benchmark's 12-byte struct comparison was 24
 * instructions against clang's 15, a 6-byte array comparison 36 against 21. As branches, each field
 * costs its loads and one conditional jump, and the verifier stops exploring at the first
 * difference.
 *
 * <p>Only side-effect-free instructions move (loads, GEPs, casts, arithmetic, compares), each into
 * the block of the one operand that uses it; a load moves only when nothing after it in the
 * original block writes memory. Something another operand or later code also uses stays where it
 * was. Phis of the two successors get the new blocks as predecessors.
 */
final class ShortCircuit implements Pass {
    @Override
    public String name() {
        return "short-circuit";
    }

    @Override
    public void run(TransformContext ctx) {
        for (Function f : ctx.module().functions()) {
            // link: another front end's code is as its compiler optimized it (clang already short-circuits)
            if (f.isDeclaration() || !ctx.isGo(f)) continue;
            // blocks are added while iterating: walk a snapshot, each original block once
            Uses uses = new Uses(f);
            for (Function.Block b : new ArrayList<>(f.blocks())) {
                asBranch(f, b, uses);
                lower(f, b, uses);
            }
        }
    }

    /** A chain's operands in evaluation order, and whether it is an {@code and} (else an {@code or}). */
    private record Chain(List<String> leaves, Set<BodyLine> nodes, boolean and) {}

    private static void lower(Function f, Function.Block b, Uses counts) {
        BodyLine term = b.terminator();
        if (b.name() == null || term == null || !(term.inst() instanceof Inst.Br br) || !br.isConditional()) return;
        String cond = br.condition().local();
        List<String> targets = br.targets();
        String ifTrue = targets.get(0), ifFalse = targets.get(1);
        if (cond == null || ifTrue.equals(ifFalse) || ifTrue.equals(b.name()) || ifFalse.equals(b.name())) return;
        Map<String, BodyLine> defs = new HashMap<>();
        for (BodyLine l : b.lines()) if (l.isInstruction() && l.result() != null) defs.put(l.result(), l);
        Map<String, Integer> uses = counts.get();
        Chain chain = chain(cond, defs, uses);
        if (chain == null || chain.leaves().size() < 2) return;

        // what each operand after the first needs computed in its own block
        List<BodyLine> lines = b.lines();
        Set<BodyLine> movable = movable(lines, term);
        Map<String, BodyLine> byResult = new HashMap<>(defs);
        List<List<BodyLine>> moved = new ArrayList<>();
        Set<BodyLine> taken = new HashSet<>(chain.nodes());
        for (int k = 1; k < chain.leaves().size(); k++) {
            Set<BodyLine> own = exclusive(chain.leaves().get(k), byResult, movable, f, chain.nodes(), taken);
            taken.addAll(own);
            List<BodyLine> ordered = new ArrayList<>();
            for (BodyLine l : lines) if (own.contains(l)) ordered.add(l);
            moved.add(ordered);
        }

        // when no later operand reads memory of its own, an and of the results costs less than branches
        if (moved.stream().flatMap(List::stream).noneMatch(l -> l.inst() instanceof Inst.Load)) return;
        // a debug record in the original block may describe a moved value: it describes nothing now
        for (BodyLine l : lines) {
            if (l.kind() != BodyLine.Kind.DEBUG_RECORD) continue;
            for (BodyLine d : taken) if (d.result() != null && l.localOperands().contains(d.result())) l.replaceLocal(d.result(), Value.POISON);
        }
        int dbg = term.attachment("dbg");
        List<String> names = new ArrayList<>();
        for (int k = 1; k < chain.leaves().size(); k++) names.add(f.freshName(b.name() + ".sc"));
        // the original block: everything but the chain and what moved, then the first operand's branch
        List<BodyLine> keep = new ArrayList<>();
        for (BodyLine l : lines) if (l != term && !taken.contains(l)) keep.add(l);
        lines.clear();
        lines.addAll(keep);
        lines.add(branch(chain, chain.leaves().getFirst(), names.getFirst(), ifTrue, ifFalse, dbg));
        int at = f.blocks().indexOf(b) + 1;
        for (int k = 1; k < chain.leaves().size(); k++) {
            String next = k + 1 < chain.leaves().size() ? names.get(k) : null;
            List<BodyLine> body = new ArrayList<>(moved.get(k - 1));
            body.add(next == null ? Build.br(Value.local(chain.leaves().get(k)), ifTrue, ifFalse).dbg(dbg).line()
                    : branch(chain, chain.leaves().get(k), next, ifTrue, ifFalse, dbg));
            f.blocks().add(at++, Function.Block.of(names.get(k - 1), body));
        }
        // the decided successor is entered from every block; the other one from the last
        String early = chain.and() ? ifFalse : ifTrue, late = chain.and() ? ifTrue : ifFalse;
        Blocks.retargetPhis(f, early, b.name(), names, true);
        Blocks.retargetPhis(f, late, b.name(), List.of(names.getLast()), false);
    }

    /**
     * A chain whose result is a value ({@code zext i1 %c to i32}, {@code select i1 %c, a, b}: the
     * optimizer's form of {@code return a == b}) is first made a branch: the block is split at the
     * use, which becomes a phi of the two outcomes in the block after, so the chain can be lowered
     * like any other.
     */
    private static void asBranch(Function f, Function.Block b, Uses counts) {
        if (b.name() == null) return;
        List<BodyLine> lines = b.lines();
        Map<String, BodyLine> defs = new HashMap<>();
        Map<String, Integer> uses = null;
        for (int i = 0; i < lines.size(); i++) {
            BodyLine l = lines.get(i);
            if (!l.isInstruction()) continue;
            if (l.result() != null) defs.put(l.result(), l);
            String c;
            Value yes, no;
            Type type;
            switch (l.inst()) {
                case Inst.Cast z when z.opcode().equals("zext") && z.source().type().equals(Type.I1) -> {
                    c = z.source().local();
                    type = z.target();
                    yes = Value.of(1);
                    no = Value.of(0);
                }
                case Inst.Select s when s.condition().local() != null && !s.ifTrue().type().equals(Type.I1) -> {
                    c = s.condition().local();
                    type = s.ifTrue().type();
                    yes = s.ifTrue().value();
                    no = s.ifFalse().value();
                }
                case null, default -> {
                    continue;
                }
            }
            if (c == null || kind(defs.get(c)) == null) continue;
            if (uses == null) uses = counts.get();
            if (uses.getOrDefault(c, 0) != 1) continue;
            Chain chain = chain(c, defs, uses);
            if (chain.leaves().size() < 2) continue;
            int dbg = l.attachment("dbg");
            String join = f.freshName(b.name() + ".join"), taken = f.freshName(b.name() + ".true");
            List<BodyLine> rest = new ArrayList<>(lines.subList(i + 1, lines.size()));
            rest.addFirst(Build.phi(l.result(), type, List.of(new Inst.Phi.Incoming(yes, taken), new Inst.Phi.Incoming(no, b.name())))
                    .dbg(dbg).line());
            lines.subList(i, lines.size()).clear();
            lines.add(Build.br(Value.local(c), taken, join).dbg(dbg).line());
            int at = f.blocks().indexOf(b) + 1;
            f.blocks().add(at, Function.Block.of(taken, new ArrayList<>(List.of(Build.br(join).dbg(dbg).line()))));
            Function.Block joined = Function.Block.of(join, rest);
            f.blocks().add(at + 1, joined);
            // the old block's successors are now the join block's
            BodyLine term = joined.terminator();
            if (term != null) {
                for (String s : Blocks.successors(term)) Blocks.retargetPhis(f, s, b.name(), List.of(join), false);
            }
            return;
        }
    }

    private static BodyLine branch(Chain chain, String leaf, String next, String ifTrue, String ifFalse, int dbg) {
        Value c = Value.local(leaf);
        return (chain.and() ? Build.br(c, next, ifFalse) : Build.br(c, ifTrue, next)).dbg(dbg).line();
    }

    /** The {@code and}/{@code or} tree under {@code cond}: nodes defined in the block, each used once. */
    private static Chain chain(String cond, Map<String, BodyLine> defs, Map<String, Integer> uses) {
        Boolean and = kind(defs.get(cond));
        if (and == null) return null;
        List<String> leaves = new ArrayList<>();
        Set<BodyLine> nodes = new LinkedHashSet<>();
        collect(cond, and, defs, uses, leaves, nodes, true);
        return new Chain(leaves, nodes, and);
    }

    private static void collect(String v, boolean and, Map<String, BodyLine> defs, Map<String, Integer> uses, List<String> leaves,
                                Set<BodyLine> nodes, boolean root) {
        BodyLine d = defs.get(v);
        if (d == null || !Boolean.valueOf(and).equals(kind(d)) || (!root && uses.getOrDefault(v, 0) != 1)) {
            leaves.add(v);
            return;
        }
        nodes.add(d);
        List<String> ops = operands(d.inst());
        collect(ops.get(0), and, defs, uses, leaves, nodes, false);
        collect(ops.get(1), and, defs, uses, leaves, nodes, false);
    }

    /** True for {@code and i1 a, b} or {@code select i1 a, i1 b, i1 false}; false for the {@code or} forms; else null. */
    private static Boolean kind(BodyLine d) {
        if (d == null) return null;
        switch (d.inst()) {
            case Inst.Binary bin when bin.type().equals(Type.I1) && bin.lhs().local() != null && bin.rhs().local() != null -> {
                return bin.opcode().equals("and") ? Boolean.TRUE : bin.opcode().equals("or") ? Boolean.FALSE : null;
            }
            case Inst.Select s when s.ifTrue().type().equals(Type.I1) && s.condition().local() != null -> {
                if (Value.FALSE.equals(s.ifFalse().value()) && s.ifTrue().local() != null) return Boolean.TRUE;
                if (Value.TRUE.equals(s.ifTrue().value()) && s.ifFalse().local() != null) return Boolean.FALSE;
                return null;
            }
            case null, default -> {
                return null;
            }
        }
    }

    private static List<String> operands(Inst in) {
        return switch (in) {
            case Inst.Binary bin -> List.of(bin.lhs().local(), bin.rhs().local());
            case Inst.Select s -> List.of(s.condition().local(), Value.FALSE.equals(s.ifFalse().value()) ? s.ifTrue().local() : s.ifFalse().local());
            default -> throw new IllegalStateException(in.line().text());
        };
    }

    /** Instructions of the block that may run later, or not at all, without changing what the program does. */
    private static Set<BodyLine> movable(List<BodyLine> lines, BodyLine term) {
        Set<BodyLine> out = new HashSet<>();
        boolean writesAfter = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            BodyLine l = lines.get(i);
            if (l == term || !l.isInstruction()) continue;
            switch (l.inst()) {
                case Inst.Load ld -> {
                    boolean plain = !l.tokens().is(l.opcodeIndex() + 1, "volatile") && !l.text().contains(" atomic ");
                    if (plain && !writesAfter) out.add(l);
                }
                case Inst.Gep g -> out.add(l);
                case Inst.Cast c -> out.add(l);
                case Inst.ICmp c -> out.add(l);
                case Inst.Select s -> out.add(l);
                case Inst.ExtractValue e -> out.add(l);
                case Inst.Binary bin -> out.add(l);
                case Inst.Phi p -> {}
                case Inst.Alloca a -> {}
                default -> writesAfter = true; // stores, calls, atomics, anything unknown
            }
        }
        return out;
    }

    /**
     * The instructions only operand {@code leaf} needs: itself and, transitively, the movable
     * definitions of its operands whose every use is among them (debug records aside).
     */
    private static Set<BodyLine> exclusive(String leaf, Map<String, BodyLine> defs, Set<BodyLine> movable, Function f,
                                           Set<BodyLine> chain, Set<BodyLine> taken) {
        Set<BodyLine> own = new LinkedHashSet<>();
        List<String> work = new ArrayList<>(List.of(leaf));
        while (!work.isEmpty()) {
            BodyLine d = defs.get(work.removeLast());
            if (d == null || !movable.contains(d) || taken.contains(d) || !own.add(d)) continue;
            work.addAll(d.localOperands());
        }
        // drop what something outside the set (other than the chain) also reads, until nothing changes
        Map<String, List<BodyLine>> users = new HashMap<>();
        for (BodyLine l : f.allLines()) {
            if (!l.isInstruction()) continue;
            for (String u : l.localOperands()) users.computeIfAbsent(u, k -> new ArrayList<>()).add(l);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (BodyLine d : new ArrayList<>(own)) {
                String r = d.result();
                boolean leafItself = leaf.equals(r);
                for (BodyLine u : users.getOrDefault(r, List.of())) {
                    if (!own.contains(u) && !(leafItself && chain.contains(u))) {
                        own.remove(d);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return own;
    }

    /**
     * Use counts of a function's locals, counted once and again only after a rewrite: both
     * rewrites add blocks and change nothing when they add none, so the block count tells.
     */
    private static final class Uses {
        private final Function f;
        private Map<String, Integer> counts;
        private int blocks = -1;

        Uses(Function f) {
            this.f = f;
        }

        Map<String, Integer> get() {
            if (counts == null || blocks != f.blocks().size()) {
                counts = uses(f);
                blocks = f.blocks().size();
            }
            return counts;
        }
    }

    /** Uses of each local in the function (instructions only). */
    private static Map<String, Integer> uses(Function f) {
        Map<String, Integer> out = new HashMap<>();
        for (BodyLine l : f.allLines()) {
            if (!l.isInstruction()) continue;
            for (String u : l.localOperands()) out.merge(u, 1, Integer::sum);
        }
        return out;
    }

}
