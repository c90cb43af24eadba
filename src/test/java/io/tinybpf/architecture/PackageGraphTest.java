package io.tinybpf.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The package layering of src/main/java, read from the sources (imports and fully qualified
 * names, comments and strings left out): no two packages depend on each other, directly or
 * through others, and the build pipeline reaches the kernel only through the verifier interface
 * it is handed (so a build never loads the FFM bindings unless --verify-kernel asks for them).
 */
class PackageGraphTest {
    private static final Path MAIN = Requires.repo().resolve("src/main/java");

    /** Package → the io.tinybpf packages its sources name. */
    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        List<Path> files;
        try (var s = Files.walk(MAIN)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
            Set<String> deps = g.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (String ref : references(code(Files.readString(f)))) {
                String target = packageOf(ref);
                if (target != null && !target.equals(pkg)) deps.add(target);
            }
        }
        // only edges to packages that exist (a class name's prefix is not a package)
        for (Set<String> deps : g.values()) deps.retainAll(g.keySet());
        return g;
    }

    /** The source without comments, string literals and text blocks. */
    static String code(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0, n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && src.charAt(i) != c) i += src.charAt(i) == '\\' ? 2 : 1;
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Every dotted name starting with io.tinybpf. */
    static List<String> references(String code) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while ((from = code.indexOf("io.tinybpf", from)) >= 0) {
            int end = from;
            while (end < code.length() && (Character.isJavaIdentifierPart(code.charAt(end)) || code.charAt(end) == '.')) end++;
            if (from == 0 || !Character.isJavaIdentifierPart(code.charAt(from - 1))) out.add(code.substring(from, end));
            from = end;
        }
        return out;
    }

    /** io.tinybpf.pipeline.BuildRequest.Builder → io.tinybpf.pipeline; io.tinybpf.TinyBpf → io.tinybpf. */
    static String packageOf(String ref) {
        String[] parts = ref.split("\\.");
        StringBuilder pkg = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty() || Character.isUpperCase(p.charAt(0)) || p.equals("*")) break;
            if (!pkg.isEmpty()) pkg.append('.');
            pkg.append(p);
        }
        return pkg.toString().startsWith("io.tinybpf") ? pkg.toString() : null;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> g = graph();
        assertTrue(g.containsKey("io.tinybpf.pipeline") && g.get("io.tinybpf.cli").contains("io.tinybpf.pipeline"),
                "the scan sees the packages: " + g.keySet());
        List<List<String>> cycles = new ArrayList<>();
        for (String from : g.keySet()) {
            for (String to : g.get(from)) {
                List<String> back = path(g, to, from);
                if (back != null && from.compareTo(to) < 0) {
                    List<String> c = new ArrayList<>(List.of(from));
                    c.addAll(back);
                    cycles.add(c);
                }
            }
        }
        assertEquals(List.of(), cycles, "package cycles (each a path back to its start)");
    }

    @Test
    void thePipelineDoesNotReachTheKernelBindings() throws IOException {
        Map<String, Set<String>> g = graph();
        assertEquals(null, path(g, "io.tinybpf.pipeline", "io.tinybpf.kernel"), "pipeline → kernel");
        assertEquals(null, path(g, "io.tinybpf.transform", "io.tinybpf.kernel"), "transform → kernel");
    }

    /** A shortest dependency path from {@code from} to {@code to}, or null. */
    static List<String> path(Map<String, Set<String>> g, String from, String to) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> q = new ArrayDeque<>(List.of(from));
        parent.put(from, null);
        while (!q.isEmpty()) {
            String v = q.poll();
            if (v.equals(to)) {
                List<String> p = new ArrayList<>();
                for (String x = v; x != null; x = parent.get(x)) p.addFirst(x);
                return p;
            }
            for (String w : g.getOrDefault(v, Set.of())) {
                if (!parent.containsKey(w)) {
                    parent.put(w, v);
                    q.add(w);
                }
            }
        }
        return null;
    }
}
