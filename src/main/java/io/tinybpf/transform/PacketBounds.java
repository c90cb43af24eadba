package io.tinybpf.transform;

import io.tinybpf.bpf.ProgramKind;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.DataLayout;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps packet bounds checks in the shape the verifier understands. The verifier learns that
 * packet bytes are readable only from a comparison of a packet pointer against {@code data_end}
 * ({@code if data + i + 1 > end}); the optimizer, which sees uintptr arithmetic, rewrites such a
 * comparison into an equivalent one the verifier cannot use ({@code data + i >= end} gives no range,
 * and a loop's check may become a trip count computed from {@code end - data}).
 *
 * <p>So every comparison between values derived from the context's {@code data}, {@code data_end}
 * or {@code data_meta} becomes {@code llvm.bpf.compare} — BPF's own opaque compare, which the
 * optimizer leaves alone and llc turns back into the plain compare (clang's BPF target does the
 * same for patterns it knows to be fragile).
 */
final class PacketBounds implements Pass {
    static final String COMPARE = "llvm.bpf.compare.i64.i64";

    private static final Map<String, Integer> PREDICATES = Map.of("eq", 32, "ne", 33, "ugt", 34, "uge", 35, "ult", 36,
            "ule", 37, "sgt", 38, "sge", 39, "slt", 40, "sle", 41);

    @Override
    public String name() {
        return "packet-bounds";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        DataLayout layout = new DataLayout(m);
        boolean used = sdkBoundsChecks(m);
        for (Map.Entry<String, String> p : ctx.programs().entrySet()) {
            Set<Long> fields = fields(p.getValue());
            Function f = m.function(p.getKey());
            if (fields == null || f == null || f.params().isEmpty() || f.params().getFirst().name() == null) continue;
            used |= rewrite(f, f.params().getFirst().name(), fields, layout);
        }
        if (used && m.function(COMPARE) == null) {
            m.declare(Type.I1, COMPARE, List.of(Operand.of(Type.I32, null), Operand.of(Type.I64, null), Operand.of(Type.I64, null)), -1);
        }
    }

    /** The SDK's bounds check ({@code Packet.At}): body-less in the BPF build, this pass gives it its meaning. */
    static final String SDK_FITS = "tinybpf.io/sdk/bpf.packetFits";

    /**
     * {@code packetFits(last, end)} → {@code llvm.bpf.compare(ule, last, end)}. The SDK's
     * {@code Packet.At(off, n)} checks {@code data+off+n <= end} inside a function whose packet
     * pointers arrive as a struct, where this pass cannot trace them to the context; once inlined,
     * instcombine would rewrite {@code x+1 <= end} into {@code x < end}, from which the verifier
     * learns nothing (a packet read at a run-time offset, like a TCP option, was rejected). The
     * opaque compare keeps the form the verifier needs, wherever At is inlined.
     */
    private static boolean sdkBoundsChecks(Module m) {
        boolean used = false;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            for (BodyLine l : f.allLines()) {
                if (!(l.inst() instanceof io.tinybpf.ir.Call c) || !SDK_FITS.equals(c.calleeName()) || c.arguments().size() < 2) continue;
                l.become(Build.call(l.result(), Type.I1, Value.global(COMPARE), List.of(Operand.i32(PREDICATES.get("ule")),
                        Operand.of(Type.I64, c.arguments().get(0).value()), Operand.of(Type.I64, c.arguments().get(1).value()))).dbg(c.dbg()));
                used = true;
            }
        }
        return used;
    }

    /** The packet fields of a program kind's context, or null when it has no direct packet access. */
    static Set<Long> fields(String section) {
        Set<Long> f = ProgramKind.of(section).map(ProgramKind::packetPointerFields).orElse(Set.of());
        return f.isEmpty() ? null : f;
    }

    /**
     * The values of {@code f} derived from the packet fields of its context {@code ctxParam}: the
     * loads of {@code data}, {@code data_end} and {@code data_meta}, and what address arithmetic,
     * casts, GEPs, phis and selects make of them. A difference of two packet values (a length) is
     * one too: comparisons of lengths are bounds checks as well.
     */
    static Set<String> packetValues(Function f, String ctxParam, Set<Long> fields, DataLayout layout) {
        Set<String> fieldPtrs = new HashSet<>(), packet = new HashSet<>();
        if (fields.contains(0L)) fieldPtrs.add(ctxParam);
        // one forward sweep: TinyGo's IR defines values before their uses in block order, loops via phis
        for (int round = 0; round < 2; round++) {
            for (Function.Block b : f.blocks()) {
                for (BodyLine l : b.lines()) {
                    switch (l.inst()) {
                        case Inst.Gep g when ctxParam.equals(g.base().local()) -> {
                            long off = layout.constantOffset(g);
                            if (fields.contains(off)) fieldPtrs.add(g.result());
                        }
                        case Inst.Gep g when packet.contains(g.base().local()) -> packet.add(g.result());
                        case Inst.Load ld when fieldPtrs.contains(ld.pointer().local()) -> packet.add(ld.result());
                        case Inst.Cast c when packet.contains(c.source().local()) -> packet.add(c.result());
                        case Inst.Binary bin when isAddressArithmetic(bin.opcode())
                                && (packet.contains(bin.lhs().local()) || packet.contains(bin.rhs().local())) -> packet.add(bin.result());
                        case Inst.Phi phi when phi.incoming().stream().anyMatch(in -> packet.contains(in.value().localName())) ->
                                packet.add(phi.result());
                        case Inst.Select s when packet.contains(s.ifTrue().local()) || packet.contains(s.ifFalse().local()) ->
                                packet.add(s.result());
                        case null, default -> {}
                    }
                }
            }
        }
        return packet;
    }

    private static boolean rewrite(Function f, String ctxParam, Set<Long> fields, DataLayout layout) {
        Set<String> packet = packetValues(f, ctxParam, fields, layout);
        boolean changed = false;
        for (Function.Block b : f.blocks()) {
            List<BodyLine> lines = b.lines();
            for (int i = 0; i < lines.size(); i++) {
                if (!(lines.get(i).inst() instanceof Inst.ICmp cmp)) continue;
                Operand lhs = cmp.lhs(), rhs = cmp.rhs();
                if (!packet.contains(lhs.local()) || !packet.contains(rhs.local())) continue;
                Integer pred = PREDICATES.get(cmp.predicate());
                if (pred == null || !(lhs.type() instanceof Type.Ptr || lhs.type() instanceof Type.Int)) continue;
                int dbg = cmp.dbg();
                Value a = widen(f, lines, i, lhs, dbg), bb = widen(f, lines, i, rhs, dbg);
                i = lines.indexOf(cmp.line());
                lines.set(i, Build.call(cmp.result(), Type.I1, Value.global(COMPARE), List.of(Operand.i32(pred), Operand.of(Type.I64, a),
                        Operand.of(Type.I64, bb))).dbg(dbg).line());
                changed = true;
            }
        }
        return changed;
    }

    private static boolean isAddressArithmetic(String op) {
        return op.equals("add") || op.equals("sub") || op.equals("or");
    }

    /** An operand as an i64 (the compare intrinsic takes integers): ptrtoint, zext or itself, inserted before line {@code at}. */
    private static Value widen(Function f, List<BodyLine> lines, int at, Operand o, int dbg) {
        if (o.type().equals(Type.I64)) return o.value();
        String name = f.freshName(o.local() + ".i64");
        String op = o.type() instanceof Type.Ptr ? "ptrtoint" : "zext";
        lines.add(at, Build.cast(name, op, o.withoutAttributes(), Type.I64).dbg(dbg).line());
        return Value.local(name);
    }
}
