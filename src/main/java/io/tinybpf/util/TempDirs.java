package io.tinybpf.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary files and directories under {@code $TMPDIR} (the Unix convention, and what the hints
 * tell users to check), falling back to {@code java.io.tmpdir}: the JVM sets that to /tmp on
 * Linux whatever TMPDIR says, so {@link Files#createTempDirectory(String, java.nio.file.attribute.FileAttribute[])}
 * alone would ignore it. Both create entries only the current user can read (0700/0600).
 */
public final class TempDirs {
    private TempDirs() {}

    /** The base directory: {@code $TMPDIR} when it is set and absolute, else {@code java.io.tmpdir}. */
    public static Path base() {
        return base(System.getenv("TMPDIR"));
    }

    static Path base(String tmpdirEnv) {
        if (tmpdirEnv != null && !tmpdirEnv.isBlank()) {
            Path p = Path.of(tmpdirEnv);
            if (p.isAbsolute()) return p;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** For hints: {@code TMPDIR (/x)} when TMPDIR decides, else {@code /tmp (java.io.tmpdir; TMPDIR is not set)}. */
    public static String describe() {
        String env = System.getenv("TMPDIR");
        Path b = base(env);
        if (env != null && b.toString().equals(env)) return "TMPDIR (" + b + ")";
        return b + " (java.io.tmpdir; TMPDIR is " + (env == null || env.isBlank() ? "not set" : "not an absolute path") + ")";
    }

    /** A new private directory {@code <base>/<prefix>NNN}. */
    public static Path createDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(base(), prefix);
    }

    /** A new private file {@code <base>/<prefix>NNN<suffix>}. */
    public static Path createFile(String prefix, String suffix) throws IOException {
        return Files.createTempFile(base(), prefix, suffix);
    }
}
