package io.tinybpf.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Capability checks for tests that need something installed or privileged. On a developer
 * machine a missing capability skips the test with a printed reason; under {@code CI=true} it is
 * a failure, so CI can never pass by silently skipping.
 */
public final class Requires {
    private Requires() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or fails in CI) unless {@code present}. */
    public static void that(boolean present, String what) {
        if (present) return;
        String msg = "missing capability: " + what;
        if (inCi()) fail(msg + " (CI=true turns a missing capability into a failure)");
        System.err.println("SKIP: " + msg);
        Assumptions.abort(msg);
    }

    /** The repository root (surefire sets TINYBPF_REPO; falls back to the working directory). */
    public static Path repo() {
        String r = System.getenv("TINYBPF_REPO");
        return Path.of(r != null ? r : ".").toAbsolutePath().normalize();
    }

    /** An LLVM tool of the pinned major, e.g. {@code llvmTool("llc")}. */
    public static Path llvmTool(String name) {
        Optional<Path> p = findLlvmTool(name);
        that(p.isPresent(), "LLVM tool '" + name + "' (run scripts/setup llvm)");
        return p.orElseThrow();
    }

    public static Optional<Path> findLlvmTool(String name) {
        for (int major : List.of(22, 21, 20, 19)) {
            Path p = Path.of("/usr/lib/llvm-" + major + "/bin/" + name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return onPath(name);
    }

    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** clang able to target BPF (used to build C reference objects and corpora). */
    public static Path clang() {
        return llvmTool("clang");
    }

    /** Root with bpffs mounted: BPF programs can be loaded into the running kernel. */
    public static void kernel() {
        that(isRoot(), "root (CAP_BPF/CAP_SYS_ADMIN) to load BPF programs");
        that(isMounted("/sys/fs/bpf"), "bpffs mounted on /sys/fs/bpf (scripts/setup kernel)");
        that(Files.exists(Path.of("/sys/kernel/btf/vmlinux")), "kernel BTF at /sys/kernel/btf/vmlinux");
    }

    /** tracefs mounted (tracepoint attach). */
    public static void tracefs() {
        kernel();
        that(isMounted("/sys/kernel/tracing"), "tracefs mounted on /sys/kernel/tracing (scripts/setup kernel)");
    }

    public static boolean isRoot() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            for (String line : status.split("\n")) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public static boolean isMounted(String dir) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && f[1].equals(dir)) return true;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The clang flags every C BPF fixture is compiled with (kept in one place so fixtures do not drift). */
    public static final List<String> BPF_CFLAGS = List.of("-O2", "-g", "-target", "bpf", "-mcpu=v3", "-I/usr/include/x86_64-linux-gnu");

    /** Compiles a C BPF fixture with {@link #BPF_CFLAGS} plus {@code extra}; a clang error fails the test. */
    public static Path compileBpf(Path src, Path out, String... extra) {
        List<String> cmd = new java.util.ArrayList<>(List.of(clang().toString()));
        cmd.addAll(BPF_CFLAGS);
        cmd.addAll(List.of(extra)); // a later -target or -mcpu wins
        cmd.addAll(List.of("-c", src.toString(), "-o", out.toString()));
        try {
            var r = io.tinybpf.toolchain.ProcessRunner.run(cmd, src.getParent(), io.tinybpf.toolchain.ProcessRunner.baseEnvironment(),
                    java.time.Duration.ofMinutes(2));
            if (r.timedOut() || r.exitCode() != 0) fail(String.join(" ", cmd) + " failed:\n" + r.stdoutText() + r.stderr());
        } catch (IOException e) {
            fail("cannot run clang: " + e.getMessage());
        }
        return out;
    }
}
