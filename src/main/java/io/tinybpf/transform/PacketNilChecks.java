package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.DataLayout;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Drops TinyGo's nil checks on packet pointers. {@code ip := (*ipv4Hdr)(unsafe.Add(data, 14))}
 * followed by {@code ip.VerIHL} makes TinyGo test {@code ip == nil} first (a dereference of a nil
 * pointer panics in Go), and LLVM cannot prove a pointer made from the context's {@code data}
 * field by integer arithmetic non-nil, so the test and its panic path ({@code if r1 == 0} and a
 * return) stay in the object: two instructions per header and a branch the verifier explores.
 *
 * <p>A packet pointer is never nil: the kernel sets {@code data}, {@code data_end} and
 * {@code data_meta} to addresses inside the packet buffer, and a pointer made from one by adding
 * an offset can only be dereferenced after a bounds check against {@code data_end}, so it points
 * into the same buffer (the verifier rejects any other access; offsets are below 64 KiB, so the
 * sum cannot wrap to zero). Each {@code icmp eq/ne ptr %p, null} whose {@code %p} is derived only
 * from packet pointers (GEPs, casts, adding or subtracting integers, phis and selects of such
 * values) becomes the constant false/true before opt, which then removes the dead panic path.
 *
 * <p>Pointers into the context itself need nothing: its parameter is {@code nonnull}, and LLVM
 * knows that in-bounds GEPs of it are too. Map values are non-nil after their own check, which LLVM
 * also sees.
 */
final class PacketNilChecks implements Pass {
    @Override
    public String name() {
        return "packet-nil-checks";
    }

    @Override
    public void run(TransformContext ctx) {
        DataLayout layout = new DataLayout(ctx.module());
        for (Map.Entry<String, String> p : ctx.programs().entrySet()) {
            Set<Long> fields = PacketBounds.fields(p.getValue());
            Function f = ctx.module().function(p.getKey());
            if (fields == null || f == null || f.isDeclaration() || !ctx.isGo(f) || f.params().isEmpty() || f.params().getFirst().name() == null) continue;
            drop(f, f.params().getFirst().name(), fields, layout);
        }
    }

    private static void drop(Function f, String ctxParam, Set<Long> fields, DataLayout layout) {
        Set<String> packet = PacketBounds.packetValues(f, ctxParam, fields, layout);
        if (packet.isEmpty()) return;
        Map<String, Inst> defs = new HashMap<>();
        for (BodyLine l : f.allLines()) if (l.result() != null && l.inst() != null) defs.put(l.result(), l.inst());
        Walk walk = new Walk(ctxParam, fields, layout, packet, defs);
        Map<String, Value> constants = new HashMap<>();
        for (Function.Block b : f.blocks()) {
            for (Iterator<BodyLine> it = b.lines().iterator(); it.hasNext(); ) {
                if (!(it.next().inst() instanceof Inst.ICmp cmp) || !cmp.lhs().type().isPtr()) continue;
                boolean eq = cmp.predicate().equals("eq");
                if (!eq && !cmp.predicate().equals("ne")) continue;
                String p = Value.NULL.equals(cmp.rhs().value()) ? cmp.lhs().local() : Value.NULL.equals(cmp.lhs().value()) ? cmp.rhs().local() : null;
                if (p == null || !walk.nonNil(p)) continue;
                constants.put(cmp.result(), eq ? Value.FALSE : Value.TRUE);
                it.remove();
            }
        }
        if (constants.isEmpty()) return;
        for (BodyLine l : f.allLines()) {
            if (!l.isInstruction()) continue;
            for (String used : l.localOperands()) {
                Value v = constants.get(used);
                if (v != null) l.replaceLocal(used, v);
            }
        }
    }

    /** Follows a pointer's definition back to the context's packet fields. */
    private record Walk(String ctxParam, Set<Long> fields, DataLayout layout, Set<String> packet, Map<String, Inst> defs) {
        boolean nonNil(String name) {
            return nonNil(name, new HashSet<>());
        }

        /**
         * A value met again while it is being decided is part of a loop (a phi and the pointer
         * advanced from it): assumed non-nil, which holds by induction when every way into the
         * loop is non-nil — and the answer is false otherwise.
         */
        private boolean nonNil(String name, Set<String> deciding) {
            if (name == null || !packet.contains(name)) return false;
            if (!deciding.add(name)) return true;
            boolean r = switch (defs.get(name)) {
                case Inst.Load ld -> isPacketField(ld.pointer().local());
                case Inst.Gep g -> nonNil(g.base().local(), deciding);
                case Inst.Cast c -> !c.opcode().equals("trunc") && nonNil(c.source().local(), deciding);
                // p + n; p + q (two packet values) is no address
                case Inst.Binary bin when bin.opcode().equals("add") || bin.opcode().equals("or") ->
                        (nonNil(bin.lhs().local(), deciding) && !packet.contains(bin.rhs().local()))
                                || (nonNil(bin.rhs().local(), deciding) && !packet.contains(bin.lhs().local()));
                // p - n is in the packet; p - q is a length, which may be zero
                case Inst.Binary bin when bin.opcode().equals("sub") -> nonNil(bin.lhs().local(), deciding) && !packet.contains(bin.rhs().local());
                case Inst.Phi phi -> phi.incoming().stream().allMatch(in -> nonNil(in.value().localName(), deciding));
                case Inst.Select s -> nonNil(s.ifTrue().local(), deciding) && nonNil(s.ifFalse().local(), deciding);
                case null, default -> false;
            };
            deciding.remove(name);
            return r;
        }

        private boolean isPacketField(String ptr) {
            if (ptr == null) return false;
            if (ptr.equals(ctxParam)) return fields.contains(0L);
            return defs.get(ptr) instanceof Inst.Gep g && ctxParam.equals(g.base().local()) && fields.contains(layout.constantOffset(g));
        }
    }
}
