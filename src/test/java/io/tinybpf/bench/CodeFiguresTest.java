package io.tinybpf.bench;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds tinybpf's output to the committed code-quality figures ({@code bench/code/figures.tsv},
 * written on purpose by {@code scripts/bench-code --update}): every benchmark program is built,
 * loaded and run against its C twin as {@code make bench-code} does, the twins must behave the
 * same, and a program's xlated instruction count may not grow by more than
 * {@value #SLACK} instructions over its figure.
 *
 * <p>The xlated count is the kernel's (after its own rewrites of context accesses and helper
 * calls), so it is compared where the running kernel rewrites as the one that produced the figures
 * did — its count for the clang twin matches the committed one; elsewhere the instruction count
 * libbpf submitted, which no kernel changes, is held to its figure instead.
 */
@Tag("tinygo")
@Tag("kernel")
class CodeFiguresTest {
    static final int SLACK = 2;

    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> programsStayWithinTheirFigures() throws IOException {
        Map<String, CodeBench.Row> committed = CodeBench.readFigures(CodeBench.figuresFile(Requires.repo()));
        return BenchCase.all(Requires.repo()).stream().map(b -> DynamicTest.dynamicTest(b.name() + ": " + b.title(), () -> {
            Examples.requireToolchain();
            Requires.kernel();
            CodeBench.Result r = CodeBench.run(b, work, null);
            assertNull(r.mismatch(), b.name() + ": the Go program and its C twin behave differently");
            assertTrue(r.observations() >= b.inputs().size(), "every input ran");
            for (CodeBench.Row row : r.rows()) {
                CodeBench.Row fig = committed.get(row.program());
                assertNotNull(fig, row.program() + " has no committed figures: run scripts/bench-code --update and commit bench/code/figures.tsv");
                if (row.c().xlated() == fig.c().xlated()) {
                    assertTrue(row.go().xlated() <= fig.go().xlated() + SLACK, row.program() + ": " + row.go().xlated()
                            + " xlated instructions, the committed figure is " + fig.go().xlated()
                            + " (regenerate on purpose with scripts/bench-code --update)");
                } else {
                    assertTrue(row.go().insns() <= fig.go().insns() + SLACK, row.program() + ": " + row.go().insns()
                            + " instructions, the committed figure is " + fig.go().insns()
                            + " (this kernel rewrites differently: clang's twin has " + row.c().xlated() + " xlated, the figures "
                            + fig.c().xlated() + ")");
                }
            }
        }));
    }
}
