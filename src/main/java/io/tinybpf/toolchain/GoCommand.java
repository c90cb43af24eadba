package io.tinybpf.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@code go} command TinyGo runs ({@code go list}, {@code go env}). TinyGo only looks on
 * PATH, but Go's own installer puts it in /usr/local/go/bin, which a non-login shell (cron, CI,
 * sudo) often lacks; so tinybpf looks there too and hands TinyGo a PATH that includes it.
 */
public final class GoCommand {
    private GoCommand() {}

    /**
     * Where {@code go} is: PATH first, then $GOROOT/bin, /usr/local/go/bin, /usr/lib/go/bin, and
     * the Go scripts/setup fetched into $TINYBPF_PREFIX (default /opt/tinybpf).
     */
    public static Optional<Path> locate() {
        return Found.GO; // the environment does not change during a run: look once
    }

    private static final class Found {
        static final Optional<Path> GO = search();
    }

    private static Optional<Path> search() {
        for (Path dir : candidates()) {
            Path p = dir.resolve("go");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** True when the located {@code go} is reached through PATH as it is. */
    public static boolean onPath() {
        return locate().map(p -> pathDirs().contains(p.getParent())).orElse(false);
    }

    /** {@code path} with the directory of the located {@code go} appended when PATH lacks it. */
    static String pathWithGo(String path) {
        Optional<Path> go = locate();
        if (go.isEmpty() || pathDirs().contains(go.get().getParent())) return path;
        String dir = go.get().getParent().toString();
        return path == null || path.isEmpty() ? dir : path + ":" + dir;
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>(pathDirs());
        String root = io.tinybpf.util.Env.get("GOROOT");
        if (root != null && !root.isEmpty()) out.add(Path.of(root, "bin"));
        out.add(Path.of("/usr/local/go/bin"));
        out.add(Path.of("/usr/lib/go/bin"));
        // scripts/setup fetches Go into $TINYBPF_PREFIX/go<version> when none is installed
        String prefix = io.tinybpf.util.Env.get("TINYBPF_PREFIX", "/opt/tinybpf");
        try (var dirs = Files.list(Path.of(prefix))) {
            dirs.filter(d -> d.getFileName().toString().matches("go[0-9][0-9.]*")).sorted(Comparator.reverseOrder())
                    .forEach(d -> out.add(d.resolve("bin")));
        } catch (IOException | RuntimeException e) {
            // no prefix: nothing fetched there
        }
        return out;
    }

    private static List<Path> pathDirs() {
        List<Path> out = new ArrayList<>();
        for (String d : io.tinybpf.util.Env.get("PATH", "").split(":")) {
            if (!d.isEmpty()) out.add(Path.of(d));
        }
        return out;
    }
}
