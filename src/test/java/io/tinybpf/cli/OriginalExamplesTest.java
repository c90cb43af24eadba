package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import io.tinybpf.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs written for the original Go tinybpf (its ten examples, unchanged:
 * src/test/resources/io/tinybpf/original) build with this one, configured by their own
 * tinybpf.json, and every program whose type this kernel loads passes its verifier. The one
 * example whose pattern was unsound there (CO-RE questions asked of a local copy) fails at its Go
 * line with the rewrite.
 */
@Tag("tinygo")
@Tag("llvm")
class OriginalExamplesTest {
    private static Path example(String name) {
        return Requires.repo().resolve("src/test/resources/io/tinybpf/original").resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cgroup-connect", "fentry-open", "kfunc-task", "kprobe-openat", "lsm-file-open", "percpu-counter",
            "tc-filter", "tracepoint-connect", "xdp-filter"})
    @Tag("kernel")
    @SuppressWarnings("unchecked")
    void buildsAndTheKernelAcceptsWhatItLoads(String name, @TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path obj = tmp.resolve(name + ".bpf.o");
        CliRunner b = CliRunner.run("build", "--no-cache", example(name).resolve("bpf").toString(), "-o", obj.toString());
        assertEquals(0, b.exit(), b.err());
        assertTrue(Files.size(obj) > 0);

        Requires.kernel();
        CliRunner v = CliRunner.run("verify", "--kernel", "--json", obj.toString());
        Map<String, Object> doc = (Map<String, Object>) Json.parse(v.out());
        assertEquals(true, doc.get("valid"), v.out());
        List<String> refused = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) doc.get("programs")) {
            Map<String, Object> k = (Map<String, Object>) p.get("kernel");
            if (k.get("refused") != null) {
                refused.add(p.get("name") + ": " + k.get("refused"));
                continue;
            }
            assertEquals(true, k.get("accepted"), p.get("name") + " was rejected: " + k);
        }
        Assumptions.assumeTrue(refused.isEmpty(), () -> "this kernel refuses the program type: " + refused);
    }

    @Test
    void coReQuestionsAboutALocalCopyFailAtTheGoLineWithTheRewrite(@TempDir Path tmp) {
        Examples.requireToolchain();
        Path obj = tmp.resolve("sched.bpf.o");
        CliRunner b = CliRunner.run("build", "--no-cache", example("rawtp-sched").resolve("bpf").toString(), "-o", obj.toString());
        assertEquals(1, b.exit(), b.err());
        assertTrue(b.err().contains("sched.go:75:23: error: bpfCoreFieldExists is asked about a field of the local variable core, "
                + "a copy on the BPF stack"), b.err());
        assertTrue(b.err().contains("task := (*bpfCoreTaskStruct)(bpfGetCurrentTask()); bpfCoreFieldExists(unsafe.Pointer(&task.Tgid))"),
                "the message says how to rewrite it:\n" + b.err());
        assertFalse(b.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(obj));
    }
}
