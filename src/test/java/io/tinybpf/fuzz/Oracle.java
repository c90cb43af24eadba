package io.tinybpf.fuzz;

import io.tinybpf.toolchain.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What counts as a finding. Readers of untrusted bytes may only fail with their own format
 * exception; anything else escaping them is one. The transform passes only ever see IR that LLVM
 * accepted (link verifies its inputs, TinyGo's output is LLVM's own): their targets ask LLVM's
 * verifier first and skip what it rejects.
 */
final class Oracle {
    private Oracle() {}

    private static final Optional<Path> OPT = locate();

    private static Optional<Path> locate() {
        for (int major : List.of(22, 21, 20, 19)) {
            Path p = Path.of("/usr/lib/llvm-" + major + "/bin/opt");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * True when LLVM's parser and verifier accept {@code ir}: through libLLVM in a worker process
     * ({@link LlvmWorker}) when it loads, else with {@code opt -passes=verify}; without either every
     * input counts as valid (strict).
     */
    static boolean llvmAccepts(String ir) {
        java.util.Optional<Boolean> v = LlvmWorker.accepts(ir);
        if (v.isPresent()) return v.get();
        return optAccepts(ir);
    }

    /** True when {@code opt -disable-auto-upgrade-debug-info -passes=verify} accepts {@code ir}, as tinybpf's check does. */
    static boolean optAccepts(String ir) {
        if (OPT.isEmpty()) return true;
        Path f = null;
        try {
            f = Files.createTempFile("tinybpf-fuzz-", ".ll");
            Files.writeString(f, ir, StandardCharsets.UTF_8);
            var r = ProcessRunner.run(List.of(OPT.get().toString(), "-disable-auto-upgrade-debug-info", "-passes=verify", "-disable-output",
                    f.toString()), null,
                    ProcessRunner.baseEnvironment(), Duration.ofSeconds(30));
            return !r.timedOut() && r.exitCode() == 0;
        } catch (IOException e) {
            return true;
        } finally {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    /** Fuzz input as text: the IR and JSON readers take UTF-8 (invalid bytes become U+FFFD, as a lenient decoder would). */
    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
