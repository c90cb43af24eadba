package io.tinybpf.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Go toolchain for tests that build userspace Go code (generated bindings, the
 * {@code tinybpf init} project, the cilium/ebpf compatibility program). Modules come from the Go
 * module proxy into the default module cache, so they are downloaded once per machine.
 */
public final class GoTool {
    private GoTool() {}

    /** The pinned cilium/ebpf version every Go test module uses (v0.20 needs Go 1.24). */
    public static final String CILIUM_EBPF = io.tinybpf.scaffold.Scaffold.CILIUM_EBPF_VERSION;

    /** Skips (fails in CI) unless Go is installed. */
    public static Path go() {
        Optional<Path> p = find();
        Requires.that(p.isPresent(), "Go toolchain (go on PATH, in /usr/local/go/bin, or fetched by scripts/setup)");
        return p.orElseThrow();
    }

    public static Optional<Path> find() {
        return io.tinybpf.toolchain.GoCommand.locate();
    }

    /** gofmt beside go. */
    public static Path gofmt() {
        Path g = go();
        Path real;
        try {
            real = g.toRealPath();
        } catch (IOException e) {
            real = g;
        }
        Path f = real.resolveSibling("gofmt");
        Requires.that(Files.isExecutable(f), "gofmt beside " + real);
        return f;
    }

    public record Result(int exit, String output) {}

    /** Runs {@code go args...} in {@code dir}. */
    public static Result run(Path dir, Map<String, String> env, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(go().toString());
        cmd.addAll(List.of(args));
        return exec(dir, env, timeout, cmd);
    }

    /** Runs {@code go args...} and fails the test, with the output, unless it exits 0. */
    public static String ok(Path dir, String... args) {
        return ok(dir, Map.of(), args);
    }

    public static String ok(Path dir, Map<String, String> env, String... args) {
        Result r = run(dir, env, Duration.ofMinutes(5), args);
        if (r.exit() != 0) fail("go " + String.join(" ", args) + " in " + dir + " exited " + r.exit() + ":\n" + r.output());
        return r.output();
    }

    /** gofmt -l: the files gofmt would change (empty when all are formatted). */
    public static String gofmtList(Path dir) {
        Result r = exec(dir, Map.of(), Duration.ofMinutes(1), List.of(gofmt().toString(), "-l", "."));
        if (r.exit() != 0) fail("gofmt -l failed:\n" + r.output());
        return r.output().strip();
    }

    /** Runs any command; output is stdout and stderr interleaved. */
    public static Result exec(Path dir, Map<String, String> env, Duration timeout, List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("GOTOOLCHAIN", "local"); // never download another Go
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = ("(reading output failed: " + e + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                reader.join();
                fail(String.join(" ", cmd) + " timed out after " + timeout + ":\n" + new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
            }
            reader.join();
            return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A go.mod requiring the pinned cilium/ebpf, with the go.sum of the compatibility module (so tidy needs no lookups it has not made before). */
    public static void writeModule(Path dir, String module) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("go.mod"), "module " + module + "\n\ngo " + io.tinybpf.scaffold.Scaffold.GO_VERSION + "\n\nrequire github.com/cilium/ebpf " + CILIUM_EBPF + "\n");
        Path sum = Requires.repo().resolve("src/test/go/ciliumcompat/go.sum");
        if (Files.exists(sum)) Files.copy(sum, dir.resolve("go.sum"));
    }
}
