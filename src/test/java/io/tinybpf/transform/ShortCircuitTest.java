package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class ShortCircuitTest {
    private static long conditionalBranches(Function f) {
        return f.allLines().stream().map(BodyLine::inst).filter(i -> i instanceof Inst.Br br && br.isConditional()).count();
    }

    @Test
    void structEqualityBranchesOutAtTheFirstDifferentField() {
        Module m = PassHarness.bench("struct_eq");
        TransformContext ctx = context(m, PassHarness.benchSections("struct_eq"));
        runBefore(ctx, ShortCircuit.class);
        long before = conditionalBranches(m.function("struct_eq"));
        run(ctx, new ShortCircuit());
        // four fields: three more branches, one per field after the first
        assertEquals(before + 3, conditionalBranches(m.function("struct_eq")), m.print());
        accepted(m);
        String once = m.print();
        run(ctx, new ShortCircuit());
        assertEquals(once, m.print(), "a second run changes nothing");

        Map<String, Long> a = PassHarness.instructions(PassHarness.optimizedWithout("struct_eq", ShortCircuit.class));
        Module with = PassHarness.optimized(PassHarness.bench("struct_eq"), PassHarness.benchSections("struct_eq"));
        accepted(with);
        Map<String, Long> b = PassHarness.instructions(with);
        assertTrue(b.get("struct_eq") <= a.get("struct_eq") - 6, a + " -> " + b);
    }

    @Test
    void anArrayComparisonReturnedAsAValueBranchesToo() {
        // opt made `if a == b { return 1 }; return 0` a zext of the and-chain: split into a phi first
        Map<String, Long> a = PassHarness.instructions(PassHarness.optimizedWithout("array_eq", ShortCircuit.class));
        Module with = PassHarness.optimized(PassHarness.bench("array_eq"), PassHarness.benchSections("array_eq"));
        accepted(with);
        Map<String, Long> b = PassHarness.instructions(with);
        assertTrue(b.get("mac_eq") <= a.get("mac_eq") - 10, a + " -> " + b);
        assertTrue(b.get("name_eq") <= a.get("name_eq") - 15, a + " -> " + b);
    }

    @Test
    void aLoadBeforeAStoreStaysAndThePhisGetTheNewBlocks() {
        Module m = PassHarness.parse("""
                target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
                target triple = "bpf"

                define i32 @prog(ptr noalias %p, ptr noalias %q) {
                entry:
                  %a = load i32, ptr %p, align 4
                  %p4 = getelementptr inbounds i8, ptr %p, i64 4
                  %b = load i32, ptr %p4, align 4
                  store i32 1, ptr %q, align 4
                  %p8 = getelementptr inbounds i8, ptr %p, i64 8
                  %c = load i32, ptr %p8, align 4
                  %x = icmp eq i32 %a, 7
                  %y = icmp eq i32 %b, 8
                  %xy = and i1 %x, %y
                  %z = icmp eq i32 %c, 9
                  %all = and i1 %xy, %z
                  br i1 %all, label %yes, label %no

                yes:
                  br label %done

                no:
                  %r = phi i32 [ 5, %entry ]
                  br label %done

                done:
                  %v = phi i32 [ 1, %yes ], [ %r, %no ]
                  ret i32 %v
                }
                """);
        run(context(m, Map.of()), new ShortCircuit());
        Function f = m.function("prog");
        assertEquals(3, conditionalBranches(f), m.print());
        String entry = f.entryBlock().lines().stream().map(BodyLine::text).reduce("", String::concat);
        assertTrue(entry.contains("%b = load") && entry.contains("store i32 1"), "a load before a store stays:\n" + m.print());
        assertTrue(!entry.contains("%c = load") && !entry.contains("%z = icmp") && !entry.contains("%y = icmp"),
                "the other operands' work moved:\n" + m.print());
        String no = f.blocks().stream().filter(b -> "no".equals(b.name())).findFirst().orElseThrow().lines().getFirst().text();
        assertTrue(no.contains("[ 5, %entry ]") && no.contains("[ 5, %entry.sc ]") && no.contains("[ 5, %entry.sc.1 ]"), no);
        accepted(m);
    }
}
