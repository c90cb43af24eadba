package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.cli.CliRunner;
import io.tinybpf.testing.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What --dump-ir, --keep-temp, --tmpdir and --verbose leave behind and print; the library facade. */
@Tag("tinygo")
@Tag("llvm")
class PipelineOptionsTest {
    static final Path PKG = Examples.examplesDir().resolve("percpu-counter");

    @Test
    void dumpIrWritesOneSnapshotPerPass(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path work = tmp.resolve("work");
        CliRunner r = CliRunner.run("build", PKG.toString(), "-o", tmp.resolve("o.o").toString(), "--tmpdir", work.toString(),
                "--dump-ir", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("intermediates: " + work), r.out());
        List<String> dumps;
        try (Stream<Path> s = Files.list(work.resolve("dump-ir"))) {
            dumps = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals("01-retarget.ll", dumps.getFirst());
        int helpersPass = io.tinybpf.transform.Transformer.passes().stream().map(io.tinybpf.transform.Pass::name).toList().indexOf("helpers") + 1;
        String helpersDump = String.format("%02d-helpers.ll", helpersPass);
        assertTrue(dumps.contains(helpersDump), dumps.toString());
        assertEquals(io.tinybpf.transform.Transformer.passes().size(), dumps.size());
        for (String f : List.of("program.ll", "02-transformed.ll", "03-optimized.ll", "04-codegen.o")) {
            assertTrue(Files.isRegularFile(work.resolve(f)), f);
        }
        String helpers = Files.readString(work.resolve("dump-ir/" + helpersDump));
        assertTrue(helpers.contains("inttoptr (i64 1 to ptr)") && !helpers.contains("call ptr @main.bpfMapLookupElem("), "helper calls rewritten by the helpers pass");
    }

    @Test
    void verbosePrintsEachStageWithItsTime(@TempDir Path tmp) {
        Examples.requireToolchain();
        CliRunner r = CliRunner.run("build", PKG.toString(), "-o", tmp.resolve("o.o").toString(), "-v", "--no-cache");
        assertEquals(0, r.exit(), r.err());
        for (String stage : List.of("discover-tools", "tinygo-compile", "transform", "opt", "post-opt", "llc", "elf-validate", "finalize")) {
            assertTrue(r.out().matches("(?s).*\\[" + stage + "\\] \\d+ ms.*"), stage + " timing in:\n" + r.out());
        }
        assertTrue(r.out().contains("[llc] ") && r.out().contains("-march=bpf -mcpu=v3"), "commands are shown");
    }

    @Test
    void workDirectoryIsRemovedUnlessKept(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        CliRunner keep = CliRunner.run("build", PKG.toString(), "-o", tmp.resolve("o.o").toString(), "--keep-temp", "--no-cache");
        String dir = keep.out().lines().filter(l -> l.startsWith("intermediates: ")).findFirst().orElseThrow().substring(15);
        assertTrue(Files.isDirectory(Path.of(dir)));
        io.tinybpf.util.AtomicFiles.deleteTree(Path.of(dir));
        CliRunner plain = CliRunner.run("build", PKG.toString(), "-o", tmp.resolve("p.o").toString(), "--no-cache");
        assertTrue(plain.out().lines().noneMatch(l -> l.startsWith("intermediates: ")), plain.out());
    }

    @Test
    void libraryFacadeReportsProgramsAndTimings(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        BuildResult r = TinyBpf.build(BuildRequest.builder().packageDir(PKG).section("count_syscalls", "tracepoint/raw_syscalls/sys_enter")
                .output(tmp.resolve("x.o")).out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build());
        assertEquals(java.util.Map.of("count_syscalls", "tracepoint/raw_syscalls/sys_enter"), r.programs());
        assertNull(r.workDir());
        assertTrue(r.timings().containsKey("llc"));
        assertTrue(Files.size(r.output()) > 0);
    }
}
