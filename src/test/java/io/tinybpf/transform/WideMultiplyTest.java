package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.parse;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import org.junit.jupiter.api.Test;

/** The post-opt expansion of wide multiplications; bits.Mul64's values are checked in the kernel by the arith-mul64 construct. */
class WideMultiplyTest {
    private static final String IR = """
            target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
            target triple = "bpf"

            define i64 @f(i64 %a, i64 %b, i128 %c) {
            entry:
              %0 = zext i64 %a to i128
              %1 = zext i64 %b to i128
              %2 = mul nuw i128 %0, %1
              %3 = lshr i128 %2, 64
              %4 = trunc i128 %3 to i64
              %5 = zext i64 %a to i65
              %6 = mul i65 %5, 3
              %7 = trunc i65 %6 to i64
              %8 = mul i128 %c, %2
              %9 = trunc i128 %8 to i64
              %s = add i64 %4, %7
              %t = add i64 %s, %9
              ret i64 %t
            }
            """;

    @Test
    void noMultiplicationWiderThan64BitsIsLeftAndLlcAcceptsTheResult() {
        Module m = parse(IR);
        assertTrue(WideMultiply.lower(m));
        for (BodyLine l : m.function("f").allLines()) {
            if (l.inst() instanceof Inst.Binary b && b.opcode().equals("mul")) assertTrue(b.type().intBits() <= 64, l.text());
        }
        accepted(m); // llc would need __multi3 for any wide mul left, and refuse it
        assertFalse(WideMultiply.lower(m), "a second run finds nothing");
    }
}
