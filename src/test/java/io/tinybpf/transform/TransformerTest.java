package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.diag.BuildException;
import io.tinybpf.ir.Module;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole pass list: order, determinism, dumps, and what LLVM makes of the result. */
class TransformerTest {
    private static Module transform() throws BuildException {
        Module m = parse(Fixtures.MODULE);
        Transformer.run(m, new TransformOptions(List.of(), Map.of("prog", "xdp"), "GPL", PassHarness.SOURCE_ROOT));
        return m;
    }

    @Test
    void thePassTableInTheArchitectureDocMatchesThePipeline() throws Exception {
        List<String> names = Transformer.passes().stream().map(Pass::name).toList();
        String doc = Files.readString(io.tinybpf.testing.Requires.repo().resolve("docs/architecture.md"));
        List<String> documented = new ArrayList<>();
        for (String line : doc.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 3 && cells[1].strip().matches("\\d+")) documented.add(cells[2].strip().replace("`", ""));
        }
        assertEquals(names, documented);
    }

    @Test
    void theTransformIsDeterministicAndLlvmAcceptsIt() throws Exception {
        Module a = transform();
        assertEquals(a.print(), transform().print());
        accepted(a);
    }

    @Test
    void dumpsAreTakenAfterEveryPass() throws Exception {
        Module m = parse(Fixtures.MODULE);
        List<String> dumped = new ArrayList<>();
        Transformer.run(m, new TransformOptions(List.of(), Map.of("prog", "xdp"), "GPL", null), (i, name, ir) -> dumped.add(i + ":" + name));
        assertEquals(Transformer.passes().size(), dumped.size());
        assertEquals("1:retarget", dumped.getFirst());
    }

    @Test
    void aCrashInAPassIsReportedAsATinybpfBugNamingThePass() {
        Pass broken = new Pass() {
            public String name() {
                return "broken";
            }

            public void run(TransformContext ctx) {
                throw new IllegalStateException("boom");
            }
        };
        BuildException e = assertThrows(BuildException.class,
                () -> Transformer.runPass(broken, PassHarness.context(parse(Fixtures.MODULE), Map.of())));
        assertTrue(e.format().contains("pass \"broken\" could not process this module (IllegalStateException)"), e.format());
        assertTrue(e.format().contains("this is a tinybpf bug"), e.format());
        assertFalse(e.format().contains("java.lang"), "no Java exception text for the user: " + e.format());
        assertTrue(e.getCause() instanceof IllegalStateException, "the cause is kept for TINYBPF_DEBUG");
    }

    @Test
    void theLlvmCheckRejectsInvalidIr() {
        // the check every pass test relies on must be able to fail
        assertThrows(AssertionError.class, () -> accepted(parse("define i32 @f() {\n  ret i64 0\n}\n")));
        assertThrows(AssertionError.class, () -> accepted(parse(
                "define void @f() !dbg !1 {\n  ret void\n}\n!llvm.dbg.cu = !{!0}\n!llvm.module.flags = !{!5}\n"
                        + "!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !2, emissionKind: FullDebug)\n"
                        + "!1 = distinct !DISubprogram(name: \"f\", scope: !2, file: !2, type: !3, spFlags: DISPFlagDefinition, unit: !0)\n"
                        + "!2 = !DIFile(filename: \"a.go\", directory: \"/\")\n!3 = !DISubroutineType(types: !4)\n"
                        + "!4 = !{!1}\n!5 = !{i32 2, !\"Debug Info Version\", i32 3}\n")), "invalid debug info is a rejection");
    }
}
