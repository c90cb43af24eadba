package io.tinybpf.scaffold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.Main;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.LoadResult;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.GoTool;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code tinybpf init} workflow with the real tools: {@code init my-probe} (which
 * builds the program and its bindings), {@code go vet} and {@code go test} at once, then
 * {@code go generate ./...} running the project's own {@code //go:generate} lines with a
 * {@code tinybpf} on PATH (this build's classes), the object through the kernel's verifier,
 * {@code go mod tidy}, {@code go vet}, {@code go build}, {@code gofmt -l}, and finally the
 * loader it builds, run as root: it must print an exec event.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class InitKernelTest {
    @TempDir
    Path tmp;

    @Test
    void initBuildsLoadsAndRuns() throws Exception {
        Examples.requireToolchain();
        Path go = GoTool.go();
        Requires.tracefs();
        long t0 = System.nanoTime();

        Path project = tmp.resolve("my-probe");
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"init", "my-probe", "--dir", project.toString()}, ps, ps), log.toString());
        Path object = project.resolve("build/my-probe.bpf.o");
        assertTrue(Files.exists(object), "init built the object tinybpf.json names:\n" + log);
        assertTrue(Files.exists(project.resolve("internal/myprobe/my-probe_bpf.go")), "and its bindings");

        // straight away, with no build tags and no go generate: go vet and go test (the BPF program on the host)
        GoTool.ok(project, "vet", "./...");
        String tests = GoTool.ok(project, "test", "./...");
        assertTrue(tests.contains("ok  \tmy-probe/bpf"), tests);

        // go generate runs gen.go's lines: the tracepoint struct from this kernel (the same as the scaffold's),
        // tinybpf build ./bpf and tinybpf generate
        String types = Files.readString(project.resolve("bpf/tracepoint_types.go"));
        Path bin = launcher(tmp.resolve("bin"));
        String path = bin + ":" + go.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        GoTool.ok(project, Map.of("PATH", path), "generate", "./...");
        assertEquals(types, Files.readString(project.resolve("bpf/tracepoint_types.go")), "the scaffold's context struct is the kernel's");
        assertTrue(Files.exists(project.resolve("internal/myprobe/my-probe.bpf.o")), "copied for //go:embed");

        try (BpfObject obj = BpfObject.open(object)) {
            LoadResult r = obj.load();
            assertTrue(r.success(), "verifier accepts the scaffold's program");
            assertEquals("tracepoint", obj.program("my_probe").typeName());
        }

        GoTool.ok(project, "mod", "tidy");
        GoTool.ok(project, "vet", "./...");
        Path loader = tmp.resolve("my-probe-loader");
        GoTool.ok(project, "build", "-o", loader.toString(), ".");
        assertEquals("", GoTool.gofmtList(project), "scaffold and generated files are gofmt-clean");

        // the loader prints an event for one of our execs, then exits (-n 1)
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> execs = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                try {
                    new ProcessBuilder("/bin/true").start().waitFor();
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        try {
            GoTool.Result run = GoTool.exec(tmp, Map.of(), Duration.ofSeconds(60), List.of(loader.toString(), "-n", "1", "-timeout", "30s"));
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().matches("(?s).*tracing exec;.*\npid \\d+ +uid \\d+ +execs by this uid [1-9]\\d* +\\S+.*"), run.output());
        } finally {
            done.set(true);
            execs.join();
        }
        System.err.println("init my-probe → generate, verifier, tidy, vet, build, run: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** A {@code tinybpf} command running this build's classes (the jar is not built before tests run). */
    static Path launcher(Path dir) throws Exception {
        Files.createDirectories(dir);
        String cp = codeSource(Main.class) + ":" + codeSource(picocli.CommandLine.class);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = dir.resolve("tinybpf");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp '" + cp
                + "' io.tinybpf.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
