package io.tinybpf.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the tools. LLVM tools are chosen as one consistent set whose major version matches the
 * LLVM TinyGo was built with (newer also works; older cannot read TinyGo's IR), looking at, in
 * order: explicit overrides, versioned names on PATH ({@code llc-22}), {@code /usr/lib/llvm-N/bin},
 * and plain names on PATH (whose major is read from where their symlink points). TinyGo is found
 * as an override, on PATH, or where {@code scripts/setup} installs it.
 *
 * <p>Versions are derived from paths without running the tools, so discovery costs no process
 * start-ups on the build path; {@code doctor} runs {@code --version} to show them.
 */
public final class ToolLocator {
    private static final Pattern LLVM_DIR = Pattern.compile("/llvm-(\\d+)/bin/");
    private static final Pattern VERSIONED = Pattern.compile(".*-(\\d+)(\\.\\d+)*$");
    private static final Pattern TINYGO_DIR = Pattern.compile("tinygo-([0-9.]+)-llvm(\\d+)");
    private static final Pattern LLVM_VERSION = Pattern.compile("LLVM version (\\d+)");

    /** A located tool. {@code llvmMajor} is 0 when unknown. */
    public record Located(Tool tool, Path path, int llvmMajor, String origin) {}

    private final Map<Tool, String> overrides;
    private final Map<String, String> env;
    private Duration probeTimeout = Duration.ofSeconds(20);

    /** The limit for running a tool to learn its version ({@code tinygo version}): the build's --timeout. */
    public ToolLocator probeTimeout(Duration d) {
        this.probeTimeout = d;
        return this;
    }

    /**
     * @param overrides explicit tool paths or names (from flags or tinybpf.json)
     * @param env       environment to read PATH, TINYBPF_PREFIX and TINYBPF_LLVM_ROOT from
     */
    public ToolLocator(Map<Tool, String> overrides, Map<String, String> env) {
        this.overrides = new EnumMap<>(Tool.class);
        this.overrides.putAll(overrides);
        this.env = env;
    }

    public ToolLocator(Map<Tool, String> overrides) {
        this(overrides, io.tinybpf.util.Env.all());
    }

    /** Problem found while resolving an explicit override. */
    public static final class LocateException extends Exception {
        LocateException(String message) {
            super(message);
        }
    }

    private List<Path> pathDirs() {
        String p = env.getOrDefault("PATH", "");
        List<Path> out = new ArrayList<>();
        // relative entries (".", "", "bin") would find whatever sits in the directory tinybpf runs in
        for (String d : p.split(":")) if (d.startsWith("/")) out.add(Path.of(d));
        return out;
    }

    private Optional<Path> onPath(String name) {
        for (Path d : pathDirs()) {
            Path c = d.resolve(name);
            if (Files.isRegularFile(c) && Files.isExecutable(c)) return Optional.of(c);
        }
        return Optional.empty();
    }

    private Optional<Path> override(Tool t) throws LocateException {
        String o = overrides.get(t);
        if (o == null || o.isBlank()) return Optional.empty();
        if (o.contains("/")) {
            // resolved once, against the directory tinybpf was started in (the invocation's, under the
            // build server): tools run in the package directory, where a relative path would name a
            // file of the package
            Path p = io.tinybpf.util.Env.path(o);
            if (!Files.exists(p)) throw new LocateException(t.flag() + " " + o + ": no such file");
            if (!Files.isExecutable(p) || Files.isDirectory(p)) throw new LocateException(t.flag() + " " + o + ": not an executable file");
            return Optional.of(p);
        }
        Optional<Path> p = onPath(o);
        if (p.isEmpty()) throw new LocateException(t.flag() + " " + o + ": not found on PATH");
        return p;
    }

    /** LLVM major of a tool from its path: {@code /usr/lib/llvm-22/bin/llc}, {@code llc-22}, or a symlink to either. */
    public static int majorFromPath(Path p) {
        for (Path candidate : List.of(p, realPath(p))) {
            Matcher m = LLVM_DIR.matcher(candidate.toString());
            if (m.find()) return Integer.parseInt(m.group(1));
            Matcher v = VERSIONED.matcher(candidate.getFileName().toString());
            if (v.matches()) return Integer.parseInt(v.group(1));
        }
        return 0;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** LLVM majors installed as /usr/lib/llvm-N (root overridable with TINYBPF_LLVM_ROOT), newest first. */
    private List<Integer> installedMajors() {
        TreeSet<Integer> majors = new TreeSet<>();
        Path root = Path.of(env.getOrDefault("TINYBPF_LLVM_ROOT", "/usr/lib"));
        try (Stream<Path> s = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            s.forEach(d -> {
                String n = d.getFileName().toString();
                if (n.matches("llvm-\\d+")) majors.add(Integer.parseInt(n.substring(5)));
            });
        } catch (IOException ignored) {
            // no LLVM directories
        }
        for (Path d : pathDirs()) {
            for (int major = 30; major >= 15; major--) if (Files.isExecutable(d.resolve("llc-" + major))) majors.add(major);
        }
        return new ArrayList<>(majors.descendingSet());
    }

    private Optional<Located> ofMajor(Tool t, int major) {
        Optional<Path> v = onPath(t.command() + "-" + major);
        if (v.isPresent()) return Optional.of(new Located(t, v.get(), major, "PATH (" + t.command() + "-" + major + ")"));
        Path root = Path.of(env.getOrDefault("TINYBPF_LLVM_ROOT", "/usr/lib"));
        Path d = root.resolve("llvm-" + major).resolve("bin").resolve(t.command());
        if (Files.isExecutable(d)) return Optional.of(new Located(t, d, major, "LLVM " + major + " directory"));
        return Optional.empty();
    }

    /** TinyGo, or empty. */
    public Optional<Located> tinygo() throws LocateException {
        Optional<Path> o = override(Tool.TINYGO);
        if (o.isPresent()) return Optional.of(new Located(Tool.TINYGO, o.get(), tinygoMajor(o.get()), "override"));
        Optional<Path> p = onPath("tinygo");
        if (p.isPresent()) return Optional.of(new Located(Tool.TINYGO, p.get(), tinygoMajor(p.get()), "PATH"));
        Path prefix = Path.of(env.getOrDefault("TINYBPF_PREFIX", "/opt/tinybpf"));
        List<Path> installs = new ArrayList<>();
        try (Stream<Path> s = Files.isDirectory(prefix) ? Files.list(prefix) : Stream.empty()) {
            s.filter(d -> TINYGO_DIR.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.exists(d.resolve(".tinybpf-complete")))
                    .filter(d -> Files.isExecutable(d.resolve("build/tinygo")))
                    .forEach(installs::add);
        } catch (IOException ignored) {
            // nothing installed
        }
        installs.sort((a, b) -> compareVersions(b.getFileName().toString(), a.getFileName().toString()));
        if (installs.isEmpty()) return Optional.empty();
        Path t = installs.getFirst().resolve("build/tinygo");
        return Optional.of(new Located(Tool.TINYGO, t, tinygoMajor(t), "tinybpf install (" + prefix + ")"));
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.replaceAll("[^0-9.]+", ".").split("\\.");
        String[] y = b.replaceAll("[^0-9.]+", ".").split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length && !x[i].isEmpty() ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && !y[i].isEmpty() ? Integer.parseInt(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }

    /** TinyGo's LLVM major: from its install directory name, else by asking it. */
    int tinygoMajor(Path tinygo) throws LocateException {
        for (Path p = realPath(tinygo); p != null; p = p.getParent()) {
            Matcher m = TINYGO_DIR.matcher(p.getFileName() == null ? "" : p.getFileName().toString());
            if (m.matches()) return Integer.parseInt(m.group(2));
        }
        String id = identity(tinygo);
        Integer known = PROBES.get(id);
        if (known != null) return known;
        int major = 0;
        try {
            ProcessRunner.Result r = ProcessRunner.run(List.of(tinygo.toString(), "version"), null,
                    ProcessRunner.goEnvironment(), probeTimeout);
            if (r.timedOut()) {
                throw new LocateException(tinygo + " version: no answer within " + SubprocessLlvmBackend.format(probeTimeout)
                        + " (killed); is it TinyGo?");
            }
            Matcher m = LLVM_VERSION.matcher(r.stdoutText());
            if (m.find()) major = Integer.parseInt(m.group(1));
        } catch (IOException ignored) {
            // unknown
        }
        PROBES.put(id, major);
        return major;
    }

    /**
     * Probe results ({@code tinygo version}: about 0.1 s) by the identity of the file probed, so
     * the build server asks each tool once. Memory only: nothing another user could plant.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Integer> PROBES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Real path, inode, size, modification and change time: a replaced or rebuilt file is another tool. */
    static String identity(Path p) {
        return io.tinybpf.util.FileIdentity.of(p);
    }

    /**
     * Locates one LLVM tool, preferring {@code preferredMajor} (TinyGo's), then the newest
     * installed major not older than {@code minMajor}, then a plain name on PATH.
     */
    public Optional<Located> llvmTool(Tool t, int preferredMajor, int minMajor) throws LocateException {
        Optional<Path> o = override(t);
        if (o.isPresent()) return Optional.of(new Located(t, o.get(), majorFromPath(o.get()), "override"));
        if (preferredMajor > 0) {
            Optional<Located> l = ofMajor(t, preferredMajor);
            if (l.isPresent()) return l;
        }
        for (int major : installedMajors()) {
            if (major < minMajor) continue;
            Optional<Located> l = ofMajor(t, major);
            if (l.isPresent()) return l;
        }
        Optional<Path> plain = onPath(t.command());
        if (plain.isPresent()) {
            int major = majorFromPath(plain.get());
            if (major == 0 || major >= minMajor) return Optional.of(new Located(t, plain.get(), major, "PATH"));
        }
        return Optional.empty();
    }
}
