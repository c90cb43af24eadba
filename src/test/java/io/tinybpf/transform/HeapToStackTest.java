package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapToStackTest {
    private static String rejected(String ir) {
        Module m = parse(ir);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, HeapToStack.class);
        return report(ctx, new HeapToStack());
    }

    @Test
    void anEscapingValueBecomesAZeroedEntrySlot() {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, HeapToStack.class);
        run(ctx, new HeapToStack());
        List<BodyLine> entry = m.function("prog").entryBlock().lines();
        Inst.Alloca slot = (Inst.Alloca) entry.getFirst().inst();
        assertEquals("key", slot.result());
        assertEquals(new Type.Array(4, Type.I8), slot.type());
        assertEquals(8, slot.align());
        Call memset = entry.stream().map(BodyLine::inst).filter(i -> i instanceof Call c && HeapToStack.MEMSET.equals(c.calleeName()))
                .map(Call.class::cast).findFirst().orElseThrow();
        assertEquals(List.of(new Operand(Type.PTR, List.of("align 8"), Value.local("key")), Operand.of(Type.I8, Value.of(0)),
                Operand.i64(4), Operand.of(Type.I1, Value.FALSE)), memset.arguments());
        assertEquals(75, memset.dbg(), "the zeroing happens where the Go value was made");
        accepted(m);
    }

    /** string(name[:n]) after Go's n <= len(name) check (the construct data-string-from-bytes, run in the kernel by GoConstructsTest). */
    @org.junit.jupiter.api.Tag("tinygo")
    @Test
    void aRunTimeSizeGetsTheSlotOfItsCheckedMaximum() {
        Module m = PassHarness.construct("data-string-from-bytes");
        TransformContext ctx = context(m, Map.of("prog", "syscall"));
        runBefore(ctx, HeapToStack.class);
        assertTrue(m.function("prog").allLines().stream().anyMatch(l -> l.inst() instanceof Call c && "runtime.alloc".equals(c.calleeName())
                && HeapToStack.constant(c.arguments().getFirst()) < 0), "TinyGo allocates n bytes for the string");
        run(ctx, new HeapToStack());
        List<Long> slots = m.function("prog").entryBlock().lines().stream().map(BodyLine::inst)
                .filter(i -> i instanceof Inst.Alloca).map(i -> ((Type.Array) ((Inst.Alloca) i).type()).count()).toList();
        assertTrue(slots.contains(7L), "the string's slot is len(name) = 7 bytes: " + slots);
        run(ctx, new BoundedCopies()); // the copy into it has n bytes: llc takes it once it is a loop
        accepted(m);
    }

    @Test
    void aNumberedResultKeepsItsNumberThroughAGep() {
        Module m = parse("""
                define i32 @prog(ptr %ctx) {
                entry:
                  %0 = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr null, ptr undef)
                  store i32 1, ptr %0, align 4
                  %1 = load i32, ptr %0, align 4
                  ret i32 %1
                }

                declare ptr @runtime.alloc(i64, ptr, ptr)
                """);
        TransformContext ctx = context(m, Map.of("prog", "socket"));
        runBefore(ctx, HeapToStack.class);
        run(ctx, new HeapToStack());
        Inst.Alloca slot = (Inst.Alloca) m.function("prog").entryBlock().lines().getFirst().inst();
        assertEquals("tinybpf.heap.0", slot.result());
        assertTrue(m.function("prog").allLines().stream().anyMatch(l -> l.inst() instanceof Inst.Gep g && "0".equals(g.result())
                && g.base().value().equals(Value.local("tinybpf.heap.0"))), m.print());
        accepted(m);
    }

    @Test
    void aRunTimeSizeIsRejectedNamingTheConstruct() {
        String r = rejected(Fixtures.MODULE.replace("@runtime.alloc(i64 4,", "@runtime.alloc(i64 %n,")
                .replace("define i32 @prog(ptr %ctx)", "define i32 @prog(ptr %ctx, i64 %n)"));
        assertTrue(r.contains("prog.go:21:6: error: make with a non-constant length"), r);
    }

    @Test
    void aValueLargerThanTheStackIsRejected() {
        String r = rejected(Fixtures.MODULE.replace("@runtime.alloc(i64 4,", "@runtime.alloc(i64 4096,"));
        assertTrue(r.contains("prog.go:21:6: error: a 4096-byte value escapes to the heap and does not fit the 512-byte BPF stack"), r);
    }
}
