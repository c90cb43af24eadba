package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
