package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of a run-time number of bytes ({@code string(name[:n])}, {@code copy(dst, src[:n])}:
 * {@code llvm.memcpy} with a length that is not a constant) becomes a byte loop. BPF has no
 * memcpy to call, so llc refuses such a copy ("A call to built-in function 'memcpy' is not
 * supported"); a loop of {@code n} loads and stores is what a C programmer writes instead, and the
 * verifier bounds it by the check Go made on {@code n} (the slice bounds check). opt runs with
 * {@code -disable-loop-idiom-memcpy}, so it does not turn the loop back into the call.
 *
 * <p>A forward loop is exact for memcpy, whose regions never overlap, and for a memmove between
 * two different objects one of which is a stack slot (Go's {@code copy} between local arrays). A
 * memmove that may overlap (within one slice) is left to post-opt, which reports it at its Go line.
 */
final class BoundedCopies implements Pass {
    @Override
    public String name() {
        return "bounded-copies";
    }

    @Override
    public void run(TransformContext ctx) {
        for (Function f : ctx.module().functions()) {
            if (f.isDeclaration() || !ctx.isGo(f)) continue;
            for (int bi = 0; bi < f.blocks().size(); bi++) {
                Function.Block b = f.blocks().get(bi);
                if (b.name() == null) continue;
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (!(lines.get(i).inst() instanceof Call c) || c.calleeName() == null) continue;
                    boolean move = c.calleeName().startsWith("llvm.memmove.");
                    if (!move && !c.calleeName().startsWith("llvm.memcpy.")) continue;
                    List<Operand> args = c.arguments();
                    if (args.size() < 3 || args.get(2).local() == null || !(args.get(2).type() instanceof Type.Int)) continue;
                    if (move && !separate(Blocks.definitions(f), args.get(0).value(), args.get(1).value())) continue;
                    split(f, bi, i, args.get(0).value(), args.get(1).value(), args.get(2), c.dbg());
                    break; // the rest of the block moved to the loop's exit block, which the outer loop visits next
                }
            }
        }
    }

    /**
     * Whether two pointers are into different objects, one of them a stack slot of this function:
     * then a memmove cannot overlap and copies forward like a memcpy (Go's {@code copy} between two
     * local arrays). A slot is distinct from every other slot, argument and global.
     */
    private static boolean separate(java.util.Map<String, BodyLine> defs, Value a, Value b) {
        String x = object(defs, a), y = object(defs, b);
        return x != null && y != null && !x.equals(y) && (x.startsWith("alloca:") || y.startsWith("alloca:"));
    }

    /** The object a pointer points into: "alloca:%slot", "global:@g" or "value:%p"; null when unknown. */
    private static String object(java.util.Map<String, BodyLine> defs, Value v) {
        for (int hops = 0; hops < 64; hops++) {
            if (v instanceof Value.Global g) return "global:" + g.name();
            if (!(v instanceof Value.Local l)) return null;
            BodyLine def = defs.get(l.name());
            switch (def == null ? null : def.inst()) {
                case Inst.Alloca a -> {
                    return "alloca:" + l.name();
                }
                case Inst.Gep g -> v = g.base().value();
                case null -> {
                    return "value:" + l.name(); // a parameter
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    /** Block {@code bi} up to line {@code at}, then head/body of the loop, then the rest in a block of its own. */
    private static void split(Function f, int bi, int at, Value dst, Value src, Operand length, int dbg) {
        Function.Block b = f.blocks().get(bi);
        Type len = length.type();
        String head = f.freshName("copy.head"), body = f.freshName("copy.body"), done = f.freshName("copy.done");
        String i = f.freshName("copy.i"), next = f.freshName("copy.next"), more = f.freshName("copy.more");
        String from = f.freshName("copy.src"), to = f.freshName("copy.dst"), v = f.freshName("copy.byte");
        List<BodyLine> rest = new ArrayList<>(b.lines().subList(at + 1, b.lines().size()));
        b.lines().subList(at, b.lines().size()).clear();
        b.lines().add(Build.br(head).dbg(dbg).line());
        List<BodyLine> h = new ArrayList<>(List.of(
                Build.phi(i, len, List.of(new Inst.Phi.Incoming(Value.of(0), b.name()), new Inst.Phi.Incoming(Value.local(next), body))).dbg(dbg).line(),
                Build.icmp(more, "ult", len, Value.local(i), length.value()).dbg(dbg).line(),
                Build.br(Value.local(more), body, done).dbg(dbg).line()));
        List<BodyLine> l = new ArrayList<>(List.of(
                Build.gep(from, true, Type.I8, src, List.of(Operand.of(len, Value.local(i)))).dbg(dbg).line(),
                Build.load(v, Type.I8, Value.local(from), false, 1).dbg(dbg).line(),
                Build.gep(to, true, Type.I8, dst, List.of(Operand.of(len, Value.local(i)))).dbg(dbg).line(),
                Build.store(Operand.of(Type.I8, Value.local(v)), Value.local(to), 1).dbg(dbg).line(),
                Build.binary(next, "add", List.of("nuw"), len, Value.local(i), Value.of(1)).dbg(dbg).line(),
                Build.br(head).dbg(dbg).line()));
        Function.Block exit = Function.Block.of(done, rest);
        f.blocks().addAll(bi + 1, List.of(Function.Block.of(head, h), Function.Block.of(body, l), exit));
        BodyLine term = exit.terminator();
        if (term != null) for (String s : Blocks.successors(term)) Blocks.retargetPhis(f, s, b.name(), List.of(done), false);
    }
}
