package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.parse;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import org.junit.jupiter.api.Test;

/** The post-opt lowering of sdiv/srem; its behaviour on edge values is checked in the kernel by the arith-sdiv* constructs. */
class SignedDivisionTest {
    private static final String IR = """
            target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
            target triple = "bpf"

            define i64 @f(i64 %a, i64 %b, i32 %c) {
            entry:
              %q = sdiv i64 %a, %b
              %r = srem i64 %a, 10
              %n = sdiv i32 %c, -7
              %s = add i64 %q, %r
              %t = sext i32 %n to i64
              %u = add i64 %s, %t
              ret i64 %u
            }
            """;

    @Test
    void noSignedDivisionIsLeftAndLlcAcceptsTheResultAtV3() {
        Module m = parse(IR);
        assertTrue(SignedDivision.lower(m));
        for (BodyLine l : m.function("f").allLines()) {
            if (l.inst() instanceof Inst.Binary b) assertFalse(b.opcode().equals("sdiv") || b.opcode().equals("srem"), l.text());
        }
        assertTrue(m.function("f").allLines().stream().anyMatch(l -> l.inst() instanceof Inst.Binary b && b.opcode().equals("udiv")));
        accepted(m); // llc -mcpu=v3 refuses sdiv: it would fail here if one were left
        assertFalse(SignedDivision.lower(m), "a second run finds nothing");
    }
}
