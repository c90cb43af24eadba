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
 * reusable): every {@code .go} file except tests, plus {@code go.mod}/{@code go.sum}. Modules the
 * go.mod replaces with a local directory (the tinybpf SDK, as {@code tinybpf init} writes it)
 * count the same way: editing them must rebuild.
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
     * SHA-256 over the module's Go sources (relative paths and contents, in sorted order) and which
     * of its packages is built: two packages of one module share every source file.
     */
    static String module(Path pkg) throws IOException {
        Path root = moduleRoot(pkg);
        MessageDigest md = BuildCache.sha256();
        md.update(("package " + root.relativize(pkg.toAbsolutePath().normalize()) + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        hashTree(md, root);
        for (Path dep : localReplacements(root)) {
            md.update(("replace " + dep + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (Files.isDirectory(dep)) hashTree(md, dep);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The module's Go sources: relative paths and contents, in sorted order. */
    private static void hashTree(MessageDigest md, Path root) throws IOException {
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
        for (String r : rel) {
            md.update(r.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(BuildCache.sha256().digest(Files.readAllBytes(root.resolve(r))));
        }
    }

    private static final java.util.regex.Pattern REPLACE_LINE =
            java.util.regex.Pattern.compile("^\\s*(?:replace\\s+)?\\S+(?:\\s+\\S+)?\\s+=>\\s+(\\S+)\\s*$");

    /**
     * Directories that {@code replace} directives of the module's go.mod point at ({@code => ../x},
     * {@code => /abs/x}); replacements by another module version are covered by go.mod itself.
     */
    static List<Path> localReplacements(Path root) throws IOException {
        Path gomod = root.resolve("go.mod");
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(gomod)) return out;
        boolean block = false;
        for (String line : Files.readAllLines(gomod)) {
            String l = line.replaceFirst("//.*", "").strip();
            if (l.startsWith("replace (")) {
                block = true;
                continue;
            }
            if (block && l.equals(")")) {
                block = false;
                continue;
            }
            if (!block && !l.startsWith("replace ")) continue;
            java.util.regex.Matcher mt = REPLACE_LINE.matcher(l);
            if (!mt.matches()) continue;
            String target = mt.group(1);
            if (target.startsWith("./") || target.startsWith("../") || target.startsWith("/")) {
                out.add(root.resolve(target).normalize());
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

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
