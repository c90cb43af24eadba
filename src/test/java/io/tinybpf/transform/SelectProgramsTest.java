package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SelectProgramsTest {
    @Test
    void keepsProgramsAndWhatTheyReachAndNothingElse() {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, SelectPrograms.class);
        run(ctx, new SelectPrograms());
        assertEquals(Map.of("prog", "xdp"), ctx.programs());
        Function helper = m.function("main.helper");
        assertNotNull(helper, "a callee of a program is kept");
        assertTrue(helper.isInternal(), "a reachable non-program is a BPF subprogram (internal)");
        assertNull(m.function("main"), "TinyGo's main is dropped");
        assertNull(m.globalVar("runtime.buildVersion"));
        assertNull(m.globalVar("main.hits"), "globals no program uses are dropped");
        assertNotNull(m.globalVar("main.counters"));
        accepted(m);
    }

    @Test
    void aProgramWithoutSectionIsAnErrorAtItsFuncLine() {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = context(m, Map.of());
        assertTrue(report(ctx, new SelectPrograms()).contains("prog.go:20: error: program prog has no ELF section"));
    }

    @Test
    void aSectionForAFunctionThatIsNotThereIsAnError() {
        Module m = parse(Fixtures.MODULE);
        String r = report(context(m, Map.of("prog", "xdp", "porg", "xdp")), new SelectPrograms());
        assertTrue(r.contains("--section porg=...: there is no exported function porg (exported: prog)"), r);
    }

    @Test
    void anExplicitProgramMustExist() {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = new TransformContext(m, new TransformOptions(List.of("nope"), Map.of("prog", "xdp"), "GPL", null));
        assertTrue(report(ctx, new SelectPrograms()).contains("requested program \"nope\" is not a function defined in the package"));
    }

    @Test
    @Tag("tinygo")
    void tinyGosRuntimeIsDroppedFromARealModule() {
        Module m = PassHarness.rawTinygoIr("tail-calls");
        TransformContext ctx = context(m, PassHarness.sections("tail-calls"));
        runBefore(ctx, SelectPrograms.class);
        int before = m.functions().size();
        run(ctx, new SelectPrograms());
        assertEquals(List.of("dispatch", "handle_drop"), List.copyOf(ctx.programs().keySet()));
        for (Function f : m.functions()) {
            assertTrue(f.isDeclaration() || ctx.isProgram(f.name()) || f.isInternal(), f.name() + " kept as a global definition");
            assertTrue(!f.name().startsWith("runtime.") || f.isDeclaration(), "runtime code kept: " + f.name());
        }
        assertTrue(m.functions().size() < before / 2, before + " → " + m.functions().size());
        accepted(m);
    }

    // ------------------------------------------------------------------ link mode: clang's C

    private static TransformContext linked(Module m, List<String> programs, Map<String, String> sections) {
        TransformContext ctx = LinkFixtures.linkContext(m, programs, sections);
        runBefore(ctx, SelectPrograms.class);
        run(ctx, new SelectPrograms());
        return ctx;
    }

    @Test
    @Tag("llvm")
    void inLinkModeAFunctionWithASectionIsAProgramInIt() {
        Module m = LinkFixtures.clangIr("library");
        TransformContext ctx = linked(m, List.of(), Map.of());
        assertEquals(Map.of("prog", "xdp", "other", "tc"), ctx.programs(), "no --section needed");
        assertEquals(List.of("prog", "other"), List.copyOf(ctx.programs().keySet()), "in module order");
        accepted(m);
    }

    @Test
    @Tag("llvm")
    void inLinkModeExternalFunctionsWithoutASectionAreLibraryCode() {
        Module m = LinkFixtures.clangIr("library");
        linked(m, List.of(), Map.of());
        Function helper = m.function("used_helper");
        assertNotNull(helper, "a called library function is kept");
        assertTrue(helper.isInternal(), "as a static subprogram in .text");
        assertNull(helper.section());
        assertTrue(m.metadata(helper.attachment("dbg")).flagsField("spFlags").contains("DISPFlagLocalToUnit"),
                "static in BTF too, so the verifier checks it with its callers' arguments");
        assertNull(m.function("unused_helper"), "an uncalled one is dropped, not taken for a program");
        accepted(m);
    }

    @Test
    @Tag("llvm")
    void inLinkModeWhatTheInputKeepsIsKept() {
        Module m = LinkFixtures.clangIr("library");
        linked(m, List.of(), Map.of());
        assertNotNull(m.globalVar("config"), "a map only userspace uses (named by @llvm.compiler.used)");
        assertNotNull(m.globalVar("unused_knob"), "a global variable no program reads: clang keeps it, so does link");
        assertNotNull(m.globalVar("LICENSE"));
        accepted(m);
    }

    @Test
    @Tag("llvm")
    void sectionOverridesTheInputsOwnSection() {
        Module m = LinkFixtures.clangIr("library");
        TransformContext ctx = linked(m, List.of(), Map.of("other", "tc/ingress"));
        assertEquals("tc/ingress", ctx.programs().get("other"));
        assertEquals("xdp", ctx.programs().get("prog"));
        run(ctx, new ProgramSections());
        assertEquals("tc/ingress", m.function("other").section());
        accepted(m);
    }

    @Test
    @Tag("llvm")
    void aProgramLeftOutByProgramIsDroppedWithItsUsedEntry() {
        Module m = LinkFixtures.clangIr("library");
        TransformContext ctx = linked(m, List.of("prog"), Map.of());
        assertEquals(Map.of("prog", "xdp"), ctx.programs());
        assertNull(m.function("other"));
        assertFalse(m.globalVar("llvm.compiler.used").text().contains("@other"), m.globalVar("llvm.compiler.used").text());
        assertNotNull(m.globalVar("config"), "the other entries stay");
        accepted(m);
    }

    @Test
    void aLinkOfNothingWithASectionSaysHowToNameThem() {
        Module m = parse("""
                target triple = "bpf"

                define i32 @lonely(ptr %ctx) {
                  ret i32 0
                }
                """);
        String r = report(LinkFixtures.linkContext(m, Map.of()), new SelectPrograms());
        assertTrue(r.contains("no BPF programs found: no function has an ELF section and no Go function is exported"), r);
        Module named = parse(m.print());
        TransformContext ctx = LinkFixtures.linkContext(named, Map.of("lonely", "xdp"));
        run(ctx, new SelectPrograms());
        assertEquals(Map.of("lonely", "xdp"), ctx.programs(), "--section makes any defined function a program");
    }
}
