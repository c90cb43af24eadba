package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * BPF has signed division and modulo only from ISA v4 ({@code sdiv}/{@code smod}); llc refuses
 * {@code sdiv}/{@code srem} for v1–v3 ("unsupported signed division"). Go's {@code x / 10} on an
 * {@code int64} is exactly that, so on the optimized IR each one becomes unsigned arithmetic on
 * magnitudes with the sign put back:
 * <pre>
 *   |a| = (a ^ (a >> N-1)) - (a >> N-1)        (arithmetic shift: the sign mask)
 *   a / b = (|a| / |b| ^ s) - s                 with s = sign(a) ^ sign(b)
 *   a % b = (|a| % |b| ^ sign(a)) - sign(a)     (the remainder has the dividend's sign)
 * </pre>
 * This keeps Go's semantics, including {@code MinInt64 / -1 == MinInt64} and
 * {@code MinInt64 % -1 == 0} (the magnitude 2^63 is exact as an unsigned value). A constant divisor
 * needs no sign computation. Division by zero never gets here: Go checks it first.
 */
final class SignedDivision {
    private SignedDivision() {}

    /** Lowers every {@code sdiv}/{@code srem} of the module; returns whether anything changed. */
    static boolean lower(Module m) {
        boolean changed = false;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (!(lines.get(i).inst() instanceof Inst.Binary bin)) continue;
                    String op = bin.opcode();
                    if (!op.equals("sdiv") && !op.equals("srem") || !(bin.type() instanceof Type.Int t)) continue;
                    List<BodyLine> seq = expand(f, bin, t);
                    lines.remove(i);
                    lines.addAll(i, seq);
                    i += seq.size() - 1;
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** A magnitude and the sign mask (0 or -1) of one operand, as values. */
    private record Signed(Value magnitude, Value sign) {}

    private static List<BodyLine> expand(Function f, Inst.Binary bin, Type.Int t) {
        List<BodyLine> out = new ArrayList<>();
        int dbg = bin.dbg();
        String res = bin.result();
        Signed a = signed(f, bin.lhs().value(), t, res + ".a", dbg, out);
        Signed b = signed(f, bin.rhs().value(), t, res + ".b", dbg, out);
        boolean div = bin.opcode().equals("sdiv");
        String mag = f.freshName(res + (div ? ".udiv" : ".urem"));
        out.add(Build.binary(mag, div ? "udiv" : "urem", List.of(), t, a.magnitude(), b.magnitude()).dbg(dbg).line());
        Value sign = a.sign();
        if (div) sign = xor(f, t, a.sign(), b.sign(), res + ".sign", dbg, out);
        if (sign instanceof Value.Int s && s.value() == 0) {
            // both signs known non-negative: the unsigned result is the result
            out.add(Build.binary(res, "add", List.of(), t, Value.local(mag), Value.of(0)).dbg(dbg).line());
            return out;
        }
        Value flipped = xor(f, t, Value.local(mag), sign, res + ".x", dbg, out);
        out.add(Build.binary(res, "sub", List.of(), t, flipped, sign).dbg(dbg).line());
        return out;
    }

    private static Signed signed(Function f, Value v, Type.Int t, String hint, int dbg, List<BodyLine> out) {
        if (v.intValue() != null) {
            long c = v.intValue();
            // -MIN wraps to MIN, whose unsigned value 2^(N-1) is the right magnitude
            return new Signed(Value.of(c < 0 ? -c : c), Value.of(c < 0 ? -1 : 0));
        }
        String sign = f.freshName(hint + ".sign");
        out.add(Build.binary(sign, "ashr", List.of(), t, v, Value.of(t.bits() - 1)).dbg(dbg).line());
        Value x = xor(f, t, v, Value.local(sign), hint + ".x", dbg, out);
        String abs = f.freshName(hint + ".abs");
        out.add(Build.binary(abs, "sub", List.of(), t, x, Value.local(sign)).dbg(dbg).line());
        return new Signed(Value.local(abs), Value.local(sign));
    }

    private static Value xor(Function f, Type.Int t, Value a, Value b, String hint, int dbg, List<BodyLine> out) {
        Long ca = a.intValue(), cb = b.intValue();
        if (ca != null && cb != null) return Value.of(ca ^ cb);
        if (cb != null && cb == 0) return a;
        if (ca != null && ca == 0) return b;
        String r = f.freshName(hint);
        out.add(Build.binary(r, "xor", List.of(), t, a, b).dbg(dbg).line());
        return Value.local(r);
    }
}
