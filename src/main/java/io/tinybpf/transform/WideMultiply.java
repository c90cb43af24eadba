package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * BPF multiplies 64 bits at most, and llc lowers a wider {@code mul} to a {@code __multi3} call
 * the kernel cannot make. opt writes such multiplications itself: {@code bits.Mul64(a, b)} is
 * written in Go with 32-bit halves, which AggressiveInstCombine folds into {@code mul i128}. On
 * the optimized IR each {@code mul iN} with 64 < N <= 128 is expanded back into 64-bit
 * arithmetic (llc splits the remaining wide shifts, or's and truncations itself):
 * <pre>
 *   a = a1:a0, b = b1:b0 (64-bit halves)
 *   low  = a0 * b0                                  (wraps: exactly the low half)
 *   high = mulhu(a0, b0) + a0 * b1 + a1 * b0        (mod 2^64)
 *   mulhu(x, y) from 32-bit halves: w0 = x0*y0, t = x1*y0 + (w0 >> 32),
 *               w1 = x0*y1 + (t & 0xffffffff), high = x1*y1 + (t >> 32) + (w1 >> 32)
 * </pre>
 * The low N bits of a product depend only on the low N bits of its operands, so the result is
 * {@code zext(low) | zext(trunc(high)) << 64} in the original width.
 */
final class WideMultiply {
    private static final Type.Int I64 = Type.integer(64);
    private static final long LOW32 = 0xffffffffL;

    private WideMultiply() {}

    /** Whether {@code bin} is a multiplication this pass expands. */
    static boolean applies(Inst.Binary bin) {
        int bits = bin.type().intBits();
        return bin.opcode().equals("mul") && bits > 64 && bits <= 128;
    }

    /** Expands every wide multiplication of the module; returns whether anything changed. */
    static boolean lower(Module m) {
        boolean changed = false;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (!(lines.get(i).inst() instanceof Inst.Binary bin) || !applies(bin)) continue;
                    List<BodyLine> seq = new Expansion(f, bin).lines();
                    lines.remove(i);
                    lines.addAll(i, seq);
                    i += seq.size() - 1;
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** The replacement of one multiplication, instruction by instruction. */
    private static final class Expansion {
        private final Function f;
        private final Type.Int wide;
        private final String result;
        private final int dbg;
        private final List<BodyLine> out = new ArrayList<>();

        Expansion(Function f, Inst.Binary bin) {
            this.f = f;
            this.wide = (Type.Int) bin.type();
            this.result = bin.result();
            this.dbg = bin.dbg();
            Value a = bin.lhs().value(), b = bin.rhs().value();
            Value a0 = cast("trunc", wide, a, I64, ".a0"), a1 = cast("trunc", wide, op("lshr", wide, a, Value.of(64), ".a.hi"), I64, ".a1");
            Value b0 = cast("trunc", wide, b, I64, ".b0"), b1 = cast("trunc", wide, op("lshr", wide, b, Value.of(64), ".b.hi"), I64, ".b1");
            Value low = op("mul", I64, a0, b0, ".lo");
            Value high = op("add", I64, op("add", I64, mulhu(a0, b0), op("mul", I64, a0, b1, ".x01"), ".h1"),
                    op("mul", I64, a1, b0, ".x10"), ".hi");
            Type.Int top = Type.integer(wide.bits() - 64);
            Value highWide = cast("zext", top, top.bits() == 64 ? high : cast("trunc", I64, high, top, ".hi.t"), wide, ".hi.w");
            Value shifted = op("shl", wide, highWide, Value.of(64), ".hi.s");
            Value lowWide = cast("zext", I64, low, wide, ".lo.w");
            out.add(Build.binary(result, "or", List.of(), wide, lowWide, shifted).dbg(dbg).line());
        }

        List<BodyLine> lines() {
            return out;
        }

        private Value mulhu(Value x, Value y) {
            Value x0 = op("and", I64, x, Value.of(LOW32), ".x0"), x1 = op("lshr", I64, x, Value.of(32), ".x1");
            Value y0 = op("and", I64, y, Value.of(LOW32), ".y0"), y1 = op("lshr", I64, y, Value.of(32), ".y1");
            Value w0 = op("mul", I64, x0, y0, ".w0");
            Value t = op("add", I64, op("mul", I64, x1, y0, ".t0"), op("lshr", I64, w0, Value.of(32), ".w0h"), ".t");
            Value w1 = op("add", I64, op("mul", I64, x0, y1, ".w1m"), op("and", I64, t, Value.of(LOW32), ".tl"), ".w1");
            Value sum = op("add", I64, op("mul", I64, x1, y1, ".x1y1"), op("lshr", I64, t, Value.of(32), ".th"), ".mh");
            return op("add", I64, sum, op("lshr", I64, w1, Value.of(32), ".w1h"), ".mulhu");
        }

        private Value op(String opcode, Type.Int t, Value a, Value b, String hint) {
            String r = f.freshName(result + hint);
            out.add(Build.binary(r, opcode, List.of(), t, a, b).dbg(dbg).line());
            return Value.local(r);
        }

        private Value cast(String opcode, Type.Int from, Value v, Type.Int to, String hint) {
            String r = f.freshName(result + hint);
            out.add(Build.cast(r, opcode, new Operand(from, List.of(), v), to).dbg(dbg).line());
            return Value.local(r);
        }
    }
}
