package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Module;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The read-only-globals pass. Behaviour in the kernel: the code benchmark's rodata_table equals its
 * C twin on every input (CodeBench), and the data-rodata-table, data-table-written and
 * data-extern-const constructs run read-only and written tables and loader constants side by side.
 */
class ReadOnlyGlobalsTest {
    /** One use of each kind: only the tables read through loads, GEPs and copies become constant. */
    private static final String IR = """
            target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
            target triple = "bpf"

            @main.read = internal global [4 x i32] [i32 1, i32 2, i32 3, i32 4], align 4
            @main.copied = internal global [2 x i64] [i64 5, i64 6], align 8
            @main.stored = internal global [4 x i32] [i32 1, i32 2, i32 3, i32 4], align 4
            @main.storedLater = internal global [4 x i32] [i32 1, i32 2, i32 3, i32 4], align 4
            @main.atomic = internal global [2 x i64] [i64 1, i64 2], align 8
            @main.toHelper = internal global [4 x i8] c"abcd", align 1
            @main.addressStored = internal global [2 x i32] [i32 7, i32 8], align 4
            @main.asInteger = internal global [2 x i32] [i32 7, i32 8], align 4
            @main.pointedTo = internal global [2 x i32] [i32 7, i32 8], align 4
            @main.pointer = internal global ptr @main.pointedTo, align 8
            @main.scalar = internal global i32 500, align 4
            @main.zeros = internal global [4 x i32] zeroinitializer, align 4
            @main.config = internal global { i32, i32 } { i32 1, i32 2 }, align 4

            declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

            define i64 @prog(ptr %ctx, i64 %i, ptr %out) {
            entry:
              %slot = alloca [2 x i64], align 8
              %p = getelementptr inbounds [4 x i32], ptr @main.read, i64 0, i64 %i
              %q = getelementptr inbounds i8, ptr %p, i64 4
              %a = load i32, ptr %q, align 4
              %b = load i32, ptr getelementptr inbounds ([4 x i32], ptr @main.read, i64 0, i64 2), align 4
              %same = icmp eq ptr %p, @main.read
              call void @llvm.memcpy.p0.p0.i64(ptr %slot, ptr @main.copied, i64 16, i1 false)
              store i32 9, ptr getelementptr inbounds ([4 x i32], ptr @main.stored, i64 0, i64 1), align 4
              br label %later

            use:
              store i32 %a, ptr %w, align 4
              %old = atomicrmw add ptr @main.atomic, i64 1 seq_cst, align 8
              %r = call i64 inttoptr (i64 16 to ptr)(ptr @main.toHelper, i32 4)
              store ptr @main.addressStored, ptr %out, align 8
              %n = ptrtoint ptr @main.asInteger to i64
              %s = load i32, ptr @main.scalar, align 4
              %z = load i32, ptr @main.zeros, align 4
              %c = load i32, ptr @main.config, align 4
              %pp = load ptr, ptr @main.pointer, align 8
              %v = load i32, ptr %pp, align 4
              %sum = add i32 %a, %b
              %sum2 = add i32 %sum, %s
              %sum3 = add i32 %sum2, %z
              %sum4 = add i32 %sum3, %c
              %sum5 = add i32 %sum4, %v
              %wide = zext i32 %sum5 to i64
              %t = add i64 %wide, %n
              %t2 = add i64 %t, %r
              %t3 = add i64 %t2, %old
              %t4 = select i1 %same, i64 %t3, i64 0
              ret i64 %t4

            later:
              ; defined after its use in text order: a store through it still counts
              %w = getelementptr inbounds [4 x i32], ptr @main.storedLater, i64 0, i64 %i
              br label %use
            }
            """;

    private static Map<String, Boolean> constness(Module m) {
        return m.globalVars().stream().collect(Collectors.toMap(GlobalVar::name, GlobalVar::isConstant));
    }

    @Test
    void onlyTablesEveryUseOfWhichReadsBecomeConstant() {
        Module m = PassHarness.parse(IR);
        run(context(m, Map.of("prog", "syscall")), new ReadOnlyGlobals());
        Map<String, Boolean> c = constness(m);
        assertTrue(c.get("main.read"), "loads at constant and run-time offsets, an address compare:\n" + m.print());
        assertTrue(c.get("main.copied"), "the source of a copy:\n" + m.print());
        for (String written : List.of("main.stored", "main.storedLater", "main.atomic", "main.toHelper", "main.addressStored",
                "main.asInteger", "main.pointedTo")) {
            assertFalse(c.get(written), written + " is written or its address escapes:\n" + m.print());
        }
        // what a loader may set: a scalar, a zero value, a struct
        for (String knob : List.of("main.scalar", "main.zeros", "main.config")) assertFalse(c.get(knob), knob);
        accepted(m);
        String once = m.print();
        run(context(m, Map.of("prog", "syscall")), new ReadOnlyGlobals());
        assertEquals(once, m.print(), "a second run changes nothing");
    }

    @Test
    void linkLeavesAnotherFrontEndsGlobalsAsWritten() {
        Module m = PassHarness.parse(IR);
        run(LinkFixtures.linkContext(m, Map.of("prog", "syscall")), new ReadOnlyGlobals());
        assertFalse(constness(m).get("main.read"), "hand-written IR in a link is not TinyGo's:\n" + m.print());
    }

    @Tag("tinygo")
    @Test
    void theBenchmarksTablesGoToRodataAndTheirReadsFold() {
        Module m = PassHarness.bench("rodata_table");
        TransformContext ctx = context(m, PassHarness.benchSections("rodata_table"));
        runBefore(ctx, ReadOnlyGlobals.class);
        run(ctx, new ReadOnlyGlobals());
        assertTrue(m.globalVar("main.weights").isConstant() && m.globalVar("main.ranges").isConstant(), m.print());

        Module with = PassHarness.optimized(PassHarness.bench("rodata_table"), PassHarness.benchSections("rodata_table"));
        var elf = PassHarness.object(with);
        assertEquals(".rodata", PassHarness.sectionOf(elf, "weights"));
        assertEquals(".rodata", PassHarness.sectionOf(elf, "ranges"));
        Map<String, Long> a = PassHarness.instructions(PassHarness.optimizedWithout("rodata_table", ReadOnlyGlobals.class));
        Map<String, Long> b = PassHarness.instructions(with);
        // the search of the four ranges unrolls into compares with constants (38 -> 24 when written)
        assertTrue(b.get("rodata_table") <= a.get("rodata_table") - 10, a + " -> " + b);
    }

    @Tag("tinygo")
    @Test
    void theGlobalsBenchmarksVariablesStayVariables() {
        // limit (= 500) is only read, but it is a scalar a loader may set: .data, read at run time
        Module with = PassHarness.optimized(PassHarness.bench("globals"), PassHarness.benchSections("globals"));
        var elf = PassHarness.object(with);
        assertEquals(".data", PassHarness.sectionOf(elf, "limit"));
        assertEquals(".bss", PassHarness.sectionOf(elf, "calls"));
    }
}
