package io.tinybpf.config;

import io.tinybpf.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tinybpf.json}: per-project defaults for {@code build} and {@code link}. Found by walking
 * up from the package directory (or the working directory for {@code link}); command-line flags
 * win over it. Unknown keys and wrong types are errors. Relative paths are relative to the file.
 *
 * <pre>{@code
 * {
 *   "build": {
 *     "output": "build/connect.bpf.o",
 *     "programs": { "handle_connect": "tracepoint/syscalls/sys_enter_connect" },
 *     "cpu": "v3", "opt_profile": "default", "pass_pipeline": null, "timeout": "2m",
 *     "license": "GPL", "program_type": null, "cache": true, "verify_kernel": false
 *   },
 *   "toolchain": { "tinygo": null, "llvm_dir": null, "llvm_link": null, "opt": null, "llc": null,
 *                  "llvm_ar": null, "llvm_objcopy": null }
 * }
 * }</pre>
 */
public record ProjectConfig(
        Path file,
        Path output,
        Map<String, String> programs,
        String cpu,
        String optProfile,
        String passPipeline,
        Duration timeout,
        String license,
        String programType,
        Boolean cache,
        Boolean verifyKernel,
        Map<String, String> toolchain) {

    public static final String FILE_NAME = "tinybpf.json";
    static final Set<String> TOP = Set.of("$schema", "build", "toolchain");
    static final Set<String> BUILD = Set.of("output", "programs", "cpu", "opt_profile", "pass_pipeline", "timeout", "license",
            "program_type", "cache", "verify_kernel");
    /** toolchain keys; llvm_dir is a directory holding the LLVM tools. */
    public static final List<String> TOOLS = List.of("tinygo", "llvm_dir", "llvm_link", "opt", "llc", "llvm_ar", "llvm_objcopy");

    /** Larger files are refused before they are read (a config is a few hundred bytes). */
    public static final long MAX_SIZE = 1 << 20;

    /** Invalid configuration: the message names the file and the key; {@code line} is 1-based, 0 when unknown. */
    public static final class ConfigException extends Exception {
        private final Path file;
        private final int line, column;

        public ConfigException(String message) {
            this(message, null, 0, 0);
        }

        ConfigException(Path file, String message) {
            this(message, file, 0, 0);
        }

        ConfigException(Path file, String message, int line, int column) {
            this(message, file, line, column);
        }

        ConfigException(String message, Path file, int line, int column) {
            super(message);
            this.file = file;
            this.line = line;
            this.column = column;
        }

        /** The report every failure goes through: stage "config", at the file (and line) when known. */
        public io.tinybpf.diag.BuildException toBuildException() {
            io.tinybpf.diag.SourcePos pos = file == null ? null : new io.tinybpf.diag.SourcePos(file.toString(), line, column);
            String msg = getMessage();
            if (file != null && msg.startsWith(file + ": ")) msg = msg.substring(file.toString().length() + 2);
            return io.tinybpf.diag.BuildException.of(io.tinybpf.diag.Stage.CONFIG, java.util.List.of(
                    new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.ERROR, io.tinybpf.diag.Stage.CONFIG, msg, pos, null, null)),
                    "tinybpf.json is described in README.md (\"tinybpf.json\"); flags override its values");
        }
    }

    /** The nearest tinybpf.json in {@code start} or a parent directory, or null. */
    public static Path find(Path start) {
        for (Path d = start.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path f = d.resolve(FILE_NAME);
            if (Files.isRegularFile(f)) return f;
        }
        return null;
    }

    /**
     * Reads a config file: a regular file of at most {@link #MAX_SIZE} bytes, in UTF-8, that only
     * the invoking user or root can change (see {@link io.tinybpf.util.Trust}).
     */
    public static ProjectConfig load(Path file) throws ConfigException {
        String text;
        try {
            if (!Files.isRegularFile(file)) throw new ConfigException(file, file + ": not a regular file");
            io.tinybpf.util.Trust.require(file, "config file");
            if (Files.size(file) > MAX_SIZE) throw new ConfigException(file, file + ": larger than " + MAX_SIZE + " bytes");
            byte[] bytes = Files.readAllBytes(file);
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file, file + ": not valid UTF-8 text");
        } catch (io.tinybpf.util.Trust.UntrustedException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(file, file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file);
    }

    /** Parses config text; {@code file} names it in messages and anchors relative paths. */
    public static ProjectConfig parse(String text, Path file) throws ConfigException {
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new ConfigException(file, file + ": invalid JSON: " + e.getMessage().replaceFirst("^line \\d+, column \\d+: ", ""),
                    e.line(), e.column());
        }
        Path dir = file.toAbsolutePath().getParent();
        Map<String, Object> top = object(file, root, "");
        checkKeys(file, top, TOP, "");
        Map<String, Object> b = top.containsKey("build") ? object(file, top.get("build"), "build") : Map.of();
        Map<String, Object> t = top.containsKey("toolchain") ? object(file, top.get("toolchain"), "toolchain") : Map.of();
        checkKeys(file, b, BUILD, "build.");
        checkKeys(file, t, Set.copyOf(TOOLS), "toolchain.");

        Map<String, String> programs = new LinkedHashMap<>();
        if (b.get("programs") != null) {
            for (Map.Entry<String, Object> e : object(file, b.get("programs"), "build.programs").entrySet()) {
                if (!(e.getValue() instanceof String s) || s.isBlank() || e.getKey().isBlank()
                        || (e.getKey() + s).chars().anyMatch(c -> c < 0x20)) {
                    throw new ConfigException(file, file + ": build.programs." + e.getKey() + " must be a non-empty section name, "
                            + "e.g. \"tracepoint/syscalls/sys_enter_connect\"");
                }
                programs.put(e.getKey(), s.strip());
            }
        }
        Duration timeout = null;
        String ts = string(file, b, "timeout", "build.");
        if (ts != null) {
            try {
                timeout = io.tinybpf.util.Durations.parse(ts);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, file + ": build.timeout: " + e.getMessage());
            }
        }
        Boolean cache = null;
        if (b.get("cache") != null) {
            if (!(b.get("cache") instanceof Boolean c)) throw new ConfigException(file, file + ": build.cache must be true or false");
            cache = c;
        }
        Boolean verifyKernel = null;
        if (b.get("verify_kernel") != null) {
            if (!(b.get("verify_kernel") instanceof Boolean v)) throw new ConfigException(file, file + ": build.verify_kernel must be true or false");
            verifyKernel = v;
        }
        String out = string(file, b, "output", "build.");
        Map<String, String> tools = new LinkedHashMap<>();
        for (String k : TOOLS) {
            String v = string(file, t, k, "toolchain.");
            if (v != null) tools.put(k, v.contains("/") ? dir.resolve(v).normalize().toString() : v);
        }
        return new ProjectConfig(file, out == null ? null : dir.resolve(out).normalize(), programs, string(file, b, "cpu", "build."),
                string(file, b, "opt_profile", "build."), string(file, b, "pass_pipeline", "build."), timeout,
                string(file, b, "license", "build."), string(file, b, "program_type", "build."), cache, verifyKernel, tools);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Path file, Object v, String where) throws ConfigException {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new ConfigException(file, file + ": " + (where.isEmpty() ? "the file" : where) + " must be a JSON object");
    }

    private static void checkKeys(Path file, Map<String, Object> m, Set<String> allowed, String prefix) throws ConfigException {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new ConfigException(file, file + ": unknown key \"" + prefix + k + "\" (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String string(Path file, Map<String, Object> m, String key, String prefix) throws ConfigException {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new ConfigException(file, file + ": " + prefix + key + " must be a string");
        if (s.isBlank()) throw new ConfigException(file, file + ": " + prefix + key + " must not be empty");
        if (s.chars().anyMatch(c -> c < 0x20)) throw new ConfigException(file, file + ": " + prefix + key + " must not contain control characters (NUL, newline, ...)");
        return s.strip();
    }
}
