package io.tinybpf.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes outputs so a reader never sees a partial file: the bytes go to a temporary file beside
 * the target, which is then renamed over it. A failure leaves the old target (or none) in place.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, byte[] data) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        removeStale(abs);
        // the writer's pid is in the name, so a later run can tell a stale file (its writer was
        // SIGKILLed between write and rename) from one a concurrent build is still writing
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".", ".tmp");
        ExitCleanup.register(tmp);
        try {
            Files.write(tmp, data);
            // temp files are 0600; an output is an ordinary file: keep the mode of the file it
            // replaces, else rw-r--r-- like a compiler's
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, Files.exists(abs) ? Files.getPosixFilePermissions(abs)
                        : PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            ExitCleanup.forget(tmp);
        }
    }

    /**
     * Deletes {@code .<name>.<pid>.<n>.tmp} files beside {@code target} whose writer is gone: our
     * own regular files only, never one a live process may still rename.
     */
    static void removeStale(Path target) {
        String start = "." + target.getFileName() + ".";
        try (var dir = Files.newDirectoryStream(target.getParent())) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (!n.startsWith(start) || !n.endsWith(".tmp")) continue;
                String rest = n.substring(start.length());
                int dot = rest.indexOf('.');
                long pid;
                try {
                    pid = Long.parseLong(dot < 0 ? "" : rest.substring(0, dot));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == ProcessHandle.current().pid() || (pid > 0 && pid < (1L << 32) && ProcessHandle.of(pid).isPresent())) continue;
                var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile()) continue;
                int uid = (Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (uid != Trust.euid()) continue;
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover temporary file is untidy, not wrong
        }
    }

    /** Best-effort recursive delete (work directories, cache entries): what cannot go stays. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort
        }
    }
}
