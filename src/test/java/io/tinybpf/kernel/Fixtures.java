package io.tinybpf.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C fixtures of src/test/resources/io/tinybpf/kernel once per JVM: BPF objects with
 * clang, the helper process with gcc, into a temporary directory removed at exit.
 */
public final class Fixtures {
    private Fixtures() {}

    private static final Map<String, Path> BUILT = new HashMap<>();
    private static Path dir;

    private static synchronized Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("tinybpf-kernel-test-");
            Path d = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> io.tinybpf.util.AtomicFiles.deleteTree(d)));
        }
        return dir;
    }

    private static Path source(String name) throws IOException {
        Path out = dir().resolve("src").resolve(name);
        Files.createDirectories(out.getParent());
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) fail("missing test resource " + name);
            Files.write(out, in.readAllBytes());
        }
        return out;
    }

    /** The BPF object compiled from {@code <name>.bpf.c}. */
    static synchronized Path bpf(String name) {
        Requires.kernel();
        Requires.clang();
        return BUILT.computeIfAbsent(name + ".bpf.o", o -> {
            try {
                Path src = source(name + ".bpf.c");
                Path obj = dir().resolve(o);
                Requires.compileBpf(src, obj, "-D__TARGET_ARCH_x86");
                return obj;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The helper process binary (gcc). */
    public static synchronized Path helper() {
        var gcc = Requires.onPath("gcc").or(() -> Requires.onPath("cc"));
        Requires.that(gcc.isPresent(), "a C compiler (gcc) for the uprobe/cgroup helper binary");
        return BUILT.computeIfAbsent("helper", o -> {
            try {
                Path src = source("helper.c");
                // a unique file per JVM: uprobes attach to this inode only
                Path bin = dir().resolve("helper-" + UUID.randomUUID().toString().substring(0, 8));
                run(List.of(gcc.get().toString(), "-O1", "-g", "-o", bin.toString(), src.toString()));
                return bin;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String run(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) fail("command failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
        return out;
    }

    /** Runs a command, returning its exit status (output discarded). */
    public static int status(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /**
     * After a detach the kernel may still run the program briefly (links are released
     * asynchronously) while other test threads of this process make syscalls: waits until the
     * counter stops changing and returns its settled value, or fails if it never settles.
     */
    public static long settled(java.util.function.LongSupplier counter) throws InterruptedException {
        long last = counter.getAsLong();
        for (int i = 0; i < 100; i++) {
            Thread.sleep(20);
            long now = counter.getAsLong();
            if (now == last) {
                Thread.sleep(50);
                if (counter.getAsLong() == now) return now;
            }
            last = now;
        }
        throw new AssertionError("counter still rising 2 s after detach: " + last);
    }

    /** A name unique across concurrent runs, short enough for interfaces (≤ 15 chars with a suffix). */
    public static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
