package io.tinybpf.util;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What must not outlive an interrupted run. Ctrl-C and SIGTERM end the JVM through its shutdown
 * hooks without unwinding the main thread, so {@code finally} blocks never run: the work
 * directory, a half-written output's temporary file and the tools' process groups would stay.
 * One hook first runs the registered stoppers (killing tool process groups, so nothing writes
 * any more), then deletes the registered paths.
 */
public final class ExitCleanup {
    private static final Set<Path> PATHS = ConcurrentHashMap.newKeySet();
    private static final List<Runnable> STOPPERS = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::runAll, "tinybpf-exit-cleanup"));
    }

    private ExitCleanup() {}

    /** Deletes {@code p} (a file or a whole directory) if the JVM exits before {@link #forget}. */
    public static void register(Path p) {
        PATHS.add(p);
    }

    public static void forget(Path p) {
        PATHS.remove(p);
    }

    /** Runs {@code r} at exit, before paths are deleted (e.g. killing tools that write into them). */
    public static void onExit(Runnable r) {
        STOPPERS.add(r);
    }

    private static void runAll() {
        for (Runnable r : STOPPERS) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // best effort: the paths still go
            }
        }
        for (Path p : PATHS) {
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) AtomicFiles.deleteTree(p);
            else {
                try {
                    Files.deleteIfExists(p);
                } catch (java.io.IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
