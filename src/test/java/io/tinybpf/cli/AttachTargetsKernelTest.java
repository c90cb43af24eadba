package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A section naming a tracepoint this kernel does not have: a warning with a did-you-mean at
 * build, at the program's //export line; an error in verify --kernel and build --verify-kernel.
 * Uses sched/sched_process_exec, which every kernel with tracepoints has.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class AttachTargetsKernelTest {
    private static final String PKG = "src/test/resources/io/tinybpf/bad/any-tracepoint";

    @Test
    void aMistypedTracepointIsAWarningAtBuildAndAnErrorAgainstTheKernel(@TempDir Path tmp) {
        Examples.requireToolchain();
        Requires.tracefs();
        Requires.that(Files.isDirectory(Path.of("/sys/kernel/tracing/events/sched/sched_process_exec")),
                "the sched/sched_process_exec tracepoint");
        String pkg = Requires.repo().resolve(PKG).toString();

        Path good = tmp.resolve("good.o");
        CliRunner ok = CliRunner.run("build", pkg, "--section", "prog=tracepoint/sched/sched_process_exec", "-o", good.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertFalse(ok.err().contains("warning"), "a present tracepoint is not reported:\n" + ok.err());

        Path typo = tmp.resolve("typo.o");
        CliRunner b = CliRunner.run("build", pkg, "--section", "prog=tracepoint/sched/sched_process_exe", "-o", typo.toString());
        assertEquals(0, b.exit(), "the object may be meant for another kernel: a warning\n" + b.err());
        assertTrue(b.err().contains("main.go:8:1: warning: section \"tracepoint/sched/sched_process_exe\" of program prog: this kernel "
                + "has no tracepoint sched/sched_process_exe (did you mean sched/sched_process_exec?)"), b.err());
        assertTrue(Files.exists(typo));

        Requires.kernel();
        CliRunner v = CliRunner.run("verify", "--kernel", typo.toString());
        assertEquals(1, v.exit(), v.out());
        assertTrue(v.out().contains("TARGET MISSING: this kernel has no tracepoint sched/sched_process_exe"), v.out());
        assertEquals(0, CliRunner.run("verify", "--kernel", good.toString()).exit());

        Path checked = tmp.resolve("checked.o");
        CliRunner vk = CliRunner.run("build", pkg, "--section", "prog=tracepoint/sched/sched_process_exe", "--verify-kernel",
                "-o", checked.toString());
        assertEquals(1, vk.exit(), vk.err());
        assertTrue(vk.err().contains("error: program prog cannot attach here"), vk.err());
        assertFalse(Files.exists(checked));
    }
}
