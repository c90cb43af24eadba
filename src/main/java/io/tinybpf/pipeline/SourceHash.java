package io.tinybpf.pipeline;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Identities of build inputs for cache keys. A Go package may import other packages of its
 * module, so the whole module's Go sources count (a superset is always correct, only less
 * reusable): every {@code .go} file except tests, plus {@code go.mod}/{@code go.sum}.
 */
final class SourceHash {
    private static final Set<String> SKIP_DIRS = Set.of(".git", "testdata", "node_modules", "build", "target");

    private SourceHash() {}

    /** The directory of the nearest go.mod at or above {@code pkg}, else {@code pkg}. */
    static Path moduleRoot(Path pkg) {
        for (Path d = pkg.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("go.mod"))) return d;
        }
        return pkg.toAbsolutePath().normalize();
    }

    /**
     * SHA-256 over everything Go builds the package from that is not pinned by a version: the
     * module's Go sources, the members of the active go.work and every local {@code replace}
     * target (of the module, the workspace members and go.work), each by path relative to the
     * module root and contents, in sorted order; the go.work file; the Go variables that change
     * which of them count (GOWORK, GOFLAGS); and which package of the module is built (two
     * packages of one module share every source file).
     */
    static String module(Path pkg) throws IOException {
        Path root = moduleRoot(pkg);
        MessageDigest md = BuildCache.sha256();
        update(md, "package " + root.relativize(pkg.toAbsolutePath().normalize()));
        for (String v : List.of("GOWORK", "GOFLAGS")) update(md, v + "=" + java.util.Objects.requireNonNullElse(io.tinybpf.util.Env.get(v), ""));
        Path work = goWork(pkg);
        if (work != null) {
            update(md, "go.work " + relative(root, work));
            for (Path f : List.of(work, work.resolveSibling("go.work.sum"))) {
                if (Files.isRegularFile(f)) md.update(BuildCache.sha256().digest(Files.readAllBytes(f)));
            }
        }
        for (Path dir : sourceDirs(pkg)) {
            update(md, "module " + relative(root, dir));
            if (!Files.isDirectory(dir)) {
                update(md, "missing");
                continue;
            }
            for (String r : goFiles(dir)) {
                update(md, r);
                md.update(BuildCache.sha256().digest(Files.readAllBytes(dir.resolve(r))));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        md.update((byte) 0);
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString();
    }

    /** A module's .go files (not tests), go.mod and go.sum, relative and sorted; nested modules and tool directories skipped. */
    private static List<String> goFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                String n = d.getFileName() == null ? "" : d.getFileName().toString();
                if (!d.equals(root) && (SKIP_DIRS.contains(n) || n.startsWith("."))) return FileVisitResult.SKIP_SUBTREE;
                // a nested module is not part of this one
                if (!d.equals(root) && Files.isRegularFile(d.resolve("go.mod"))) return FileVisitResult.SKIP_SUBTREE;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                String n = f.getFileName().toString();
                if ((n.endsWith(".go") && !n.endsWith("_test.go")) || n.equals("go.mod") || n.equals("go.sum")) files.add(f);
                return FileVisitResult.CONTINUE;
            }
        });
        List<String> rel = new ArrayList<>();
        for (Path f : files) rel.add(root.relativize(f).toString());
        java.util.Collections.sort(rel);
        return rel;
    }

    /**
     * The go.work that applies when Go runs in {@code pkg}: {@code $GOWORK} ("off": none), else the
     * nearest go.work at or above the package directory. Null when there is none.
     */
    static Path goWork(Path pkg) {
        String env = io.tinybpf.util.Env.get("GOWORK");
        if ("off".equals(env)) return null;
        if (env != null && !env.isEmpty()) return Path.of(env).toAbsolutePath().normalize();
        for (Path d = pkg.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("go.work"))) return d.resolve("go.work");
        }
        return null;
    }

    /**
     * The directories whose sources make up the build, sorted: the package's module, the active
     * go.work's {@code use} members, and the local targets of {@code replace} directives in
     * go.work and in the go.mod of the module or of each workspace member (Go ignores replace
     * directives of other modules). A file that cannot be read adds nothing.
     */
    static List<Path> sourceDirs(Path pkg) {
        java.util.TreeSet<Path> dirs = new java.util.TreeSet<>();
        List<Path> modules = new ArrayList<>();
        modules.add(moduleRoot(pkg));
        Path work = goWork(pkg);
        if (work != null) {
            for (String[] d : directives(work)) {
                if (d[0].equals("use") && d.length > 1) modules.add(work.getParent().resolve(d[1]).normalize());
                else replaceTarget(work.getParent(), d, dirs);
            }
        }
        for (Path m : modules) {
            dirs.add(m);
            for (String[] d : directives(m.resolve("go.mod"))) replaceTarget(m, d, dirs);
        }
        return List.copyOf(dirs);
    }

    private static void replaceTarget(Path base, String[] d, java.util.Set<Path> into) {
        if (!d[0].equals("replace")) return;
        for (int i = 1; i + 1 < d.length; i++) {
            if (!d[i].equals("=>")) continue;
            String t = d[i + 1];
            // Go's rule: a replacement is a directory when it is absolute or starts with ./ or ../
            if (t.startsWith("/") || t.startsWith("./") || t.startsWith("../") || t.equals(".") || t.equals("..")) {
                into.add(base.resolve(t).toAbsolutePath().normalize());
            }
        }
    }

    /**
     * The directives of a go.mod or go.work file as word lists, the verb first: {@code use ./a},
     * {@code replace x => ../x}; block forms ({@code replace ( ... )}) are flattened; comments and
     * quotes removed.
     */
    static List<String[]> directives(Path file) {
        List<String[]> out = new ArrayList<>();
        List<String> lines;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > (4 << 20)) return out;
            lines = Files.readAllLines(file);
        } catch (IOException | java.io.UncheckedIOException e) {
            return out;
        }
        String block = null;
        for (String raw : lines) {
            int c = raw.indexOf("//");
            String line = (c >= 0 ? raw.substring(0, c) : raw).strip();
            if (line.isEmpty()) continue;
            List<String> words = new ArrayList<>();
            java.util.regex.Matcher m = WORD.matcher(line);
            while (m.find()) {
                String w = m.group();
                if (w.length() >= 2 && (w.charAt(0) == '"' || w.charAt(0) == '`')) w = w.substring(1, w.length() - 1);
                words.add(w);
            }
            if (block != null) {
                if (words.getFirst().equals(")")) {
                    block = null;
                    continue;
                }
                words.addFirst(block);
            } else if (words.size() == 2 && words.get(1).equals("(")) {
                block = words.getFirst();
                continue;
            }
            out.add(words.toArray(String[]::new));
        }
        return out;
    }

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|=>|(?:[^\\s=]|=(?!>))+");

    /** A file's identity without reading it: path, size and modification time. */
    static String tool(Path p) {
        if (p == null) return "-";
        try {
            Path real = p.toRealPath();
            return real + ":" + Files.size(real) + ":" + Files.getLastModifiedTime(real).toMillis();
        } catch (IOException e) {
            return p.toString();
        }
    }

    static String file(Path p) throws IOException {
        return HexFormat.of().formatHex(BuildCache.sha256().digest(Files.readAllBytes(p)));
    }
}
