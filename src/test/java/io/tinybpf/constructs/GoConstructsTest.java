package io.tinybpf.constructs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.TinyBpf;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.KernelException;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go-construct matrix: each directory under {@code src/test/resources/io/tinybpf/constructs} is
 * a Go package using one construct, with its expectations in header comments ({@link Construct}).
 * A supported construct is built with the real TinyGo and LLVM, loaded through the running
 * kernel's verifier and run with BPF_PROG_TEST_RUN on the inputs it lists; an unsupported one
 * must fail at its Go line with exit status 1, no stack trace and no output file. The table in
 * docs/writing-programs.md ("What Go works") is generated from the same headers.
 */
@Tag("tinygo")
@Tag("kernel")
class GoConstructsTest {
    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> constructs() throws IOException {
        return Construct.all().stream().map(c -> DynamicTest.dynamicTest(c.name() + ": " + c.title(), () -> check(c)));
    }

    private static void check(Construct c) throws Exception {
        Examples.requireToolchain();
        Path out = work.resolve(c.name() + ".bpf.o");
        Path pkg = c.materialize(work.resolve("src"));
        List<Diagnostic> warnings = new ArrayList<>();
        BuildRequest.Builder b = BuildRequest.builder().packageDir(pkg).output(out)
                .out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).cache(true).cacheDir(work.resolve("cache"));
        for (Construct.Program p : c.programs()) b.section(p.function(), p.section());
        if (c.cpu() != null) b.cpu(c.cpu());
        if (c.error() != null) {
            try {
                TinyBpf.build(b.build(), new Reporter(warnings::add));
                fail(c.name() + " built, but it should fail at " + c.error().position() + ": " + c.error().fragment());
            } catch (BuildException e) {
                String report = e.format();
                assertTrue(report.contains(c.error().marker()), "the error names " + c.error().position() + ":\n" + report);
                assertTrue(report.contains(c.error().fragment()), "the error says '" + c.error().fragment() + "':\n" + report);
                assertFalse(report.contains("\tat ") || report.contains("Exception"), "no stack trace:\n" + report);
                assertFalse(Files.exists(out), "no output file");
            }
            return;
        }
        try {
            TinyBpf.build(b.build(), new Reporter(warnings::add));
        } catch (BuildException e) {
            fail(c.name() + " should build:\n" + e.format());
        }
        for (String w : c.warnings()) {
            assertTrue(warnings.stream().anyMatch(d -> d.format().contains(w)), "warning '" + w + "' in " + warnings);
        }
        Requires.kernel();
        try (BpfObject obj = BpfObject.open(out)) {
            for (Construct.Const k : c.consts()) obj.setVariable(k.name(), k.bytes());
            LoadResult r;
            try {
                r = obj.load();
            } catch (KernelException e) {
                fail(c.name() + ": the kernel rejected it:\n" + e.getMessage());
                return;
            }
            assertTrue(r.success(), c.name() + " loads");
            for (Construct.Run run : c.runs()) {
                TestRun input = run.packet() != null ? TestRun.packet(run.packet()) : TestRun.context(run.context());
                int got = obj.program(run.function()).testRun(input).retval();
                assertEquals(run.expected(), got, c.name() + ": " + run.function() + "(" + run.input() + ")");
            }
        }
    }
}
