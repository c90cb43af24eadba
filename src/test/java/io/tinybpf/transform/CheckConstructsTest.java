package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckConstructsTest {
    private static String check(String ir) {
        Module m = parse(ir);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, CheckConstructs.class);
        return report(ctx, new CheckConstructs());
    }

    @Test
    void anOrdinaryProgramPassesUnchanged() {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, CheckConstructs.class);
        String before = m.print();
        run(ctx, new CheckConstructs());
        assertEquals(before, m.print(), "the check only reads");
        accepted(m);
    }

    @Test
    void floatingPointIsRejectedAtItsGoLine() {
        String r = check(Fixtures.MODULE.replace("%4 = add i64 %3, %2, !dbg !78",
                "%f = uitofp i64 %3 to double, !dbg !78\n  %4 = add i64 %3, %2, !dbg !78"));
        assertTrue(r.contains("prog.go:24:3: error: floating-point arithmetic is not supported by BPF"), r);
    }

    @Test
    void indirectCallsAndInlineAsmAreRejected() {
        String r = check(Fixtures.MODULE.replace("%5 = call i32 @main.helper(i32 1, ptr undef), !dbg !78",
                "%5 = call i32 %ctx(i32 1), !dbg !78\n  call void asm sideeffect \"r0 = 0\", \"\"(), !dbg !79"));
        assertTrue(r.contains("prog.go:24:3: error: indirect call through a function value or interface is not supported by BPF"), r);
        assertTrue(r.contains("prog.go:25:3: error: inline assembly is not supported"), r);
    }

    @Test
    void aRuntimeConstructIsNamedAndReportedOncePerLine() {
        String ir = Fixtures.MODULE.replace("%5 = call i32 @main.helper(i32 1, ptr undef), !dbg !78",
                "call void @runtime.hashmapSet(ptr undef, ptr undef, ptr undef), !dbg !78\n"
                        + "  call void @runtime.hashmapSet(ptr undef, ptr undef, ptr undef), !dbg !78")
                .replace("declare void @llvm.trap() #3", "declare void @llvm.trap() #3\ndeclare void @runtime.hashmapSet(ptr, ptr, ptr)");
        String r = check(ir);
        assertTrue(r.contains("prog.go:24:3: error: a Go map needs the Go runtime, which does not exist in BPF (runtime.hashmapSet)"), r);
        assertEquals(1, r.split("a Go map needs", -1).length - 1, r);
    }

    @Test
    @org.junit.jupiter.api.Tag("llvm")
    void bpfInlineAssemblyOfCPassesInLinkMode() {
        TransformContext ctx = LinkFixtures.libraryBefore(CheckConstructs.class);
        Module m = ctx.module();
        assertTrue(m.print().contains("asm sideeffect"), "the fixture's clamp is inline assembly");
        run(ctx, new CheckConstructs());
        accepted(m);
    }

    @Test
    @org.junit.jupiter.api.Tag("llvm")
    void inlineAssemblyForAnotherTargetIsRejectedInLinkMode() {
        Module m = LinkFixtures.clangIr("library");
        String x86 = m.print().replace("target triple = \"bpf\"", "target triple = \"x86_64-pc-linux-gnu\"");
        Module host = parse(x86);
        TransformContext ctx = LinkFixtures.linkContext(host, Map.of());
        runBefore(ctx, CheckConstructs.class);
        String r = report(ctx, new CheckConstructs());
        assertTrue(r.contains("error: inline assembly for x86_64-pc-linux-gnu cannot run in BPF"), r);
        assertTrue(r.contains("clang -target bpf"), r);
    }

    @Test
    void inlineAssemblyInGoIsRejectedInLinkModeToo() {
        Module m = parse(Fixtures.MODULE.replace("%5 = call i32 @main.helper(i32 1, ptr undef), !dbg !78",
                "%5 = call i32 @main.helper(i32 1, ptr undef), !dbg !78\n  call void asm sideeffect \"r0 = 0\", \"\"(), !dbg !79"));
        TransformContext ctx = LinkFixtures.linkContext(m, Map.of("prog", "xdp"));
        runBefore(ctx, CheckConstructs.class);
        assertTrue(report(ctx, new CheckConstructs()).contains("prog.go:25:3: error: inline assembly is not supported"));
    }
}
