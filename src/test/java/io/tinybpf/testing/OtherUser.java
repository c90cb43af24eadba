package io.tinybpf.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tinybpf.toolchain.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A second, unprivileged user for attack reproductions: the system user {@code tinybpf-other},
 * created once (idempotently) with useradd. Tests run shell commands as that user with runuser,
 * as a real attacker sharing the machine would.
 */
public final class OtherUser {
    public static final String NAME = "tinybpf-other";

    private OtherUser() {}

    /** Skips (fails in CI) unless root can create and become the user. */
    public static synchronized void require() {
        Requires.that(Requires.isRoot(), "root, to create and become a second user (" + NAME + ")");
        try {
            if (run("id", "-u", NAME).exitCode() != 0) {
                var r = run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME);
                // 9: created by a concurrent run meanwhile
                Requires.that(r.exitCode() == 0 || r.exitCode() == 9, "useradd " + NAME + ": " + r.stderr());
            }
        } catch (IOException e) {
            Requires.that(false, "useradd/id: " + e.getMessage());
        }
    }

    /** Runs {@code script} with sh as the other user; fails the test unless it succeeds. */
    public static void sh(String script) {
        try {
            var r = run("runuser", "-u", NAME, "--", "sh", "-c", script);
            assertEquals(0, r.exitCode(), "as " + NAME + ": " + script + "\n" + r.stdoutText() + r.stderr());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ProcessRunner.Result run(String... cmd) throws IOException {
        return ProcessRunner.run(List.of(cmd), null, ProcessRunner.baseEnvironment(), Duration.ofMinutes(1));
    }

    /**
     * A fresh world-writable sticky directory like /tmp (root's, mode 1777) where both users can
     * create files, unique per call; the caller deletes it.
     */
    public static Path sharedDir() throws IOException {
        Path d = Files.createDirectory(Path.of("/tmp", "tinybpf-shared-" + UUID.randomUUID()));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            ProcessRunner.run(List.of("chmod", "1777", d.toString()), null, ProcessRunner.baseEnvironment(), Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return d;
    }
}
