package io.tinybpf.constructs;

import io.tinybpf.testing.Requires;
import io.tinybpf.testing.TestInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One case of the Go-construct matrix, read from the header comments of its {@code main.go}:
 * <pre>
 * // construct: signed 64-bit division and modulo     what the case shows (one line)
 * // category: arithmetic                             groups the docs table
 * // program: prog syscall                            a program and its ELF section (repeatable)
 * // run: prog ctx=i64:-123 => -16                    BPF_PROG_TEST_RUN input and expected return
 * // run: prog packet=udp 10.0.0.1:1 > 10.0.0.2:53 => 2
 * // const: limit=u32:7                               a .rodata constant set before load
 * // cpu: v4                                          build for another BPF ISA
 * // warn: reachable panic path                       the build must warn this
 * // error: main.go:12: defer is not supported        the build must fail here, saying this
 * // error: stage input-normalization: unknown --cpu  ... or in this stage, before any Go line
 * // note: what a user should know                    shown in the docs table
 * </pre>
 * Contexts and packets are written as {@link TestInputs} specs.
 */
record Construct(String name, Path dir, String title, String category, List<Program> programs, List<Run> runs,
                 List<Const> consts, String cpu, List<String> warnings, Error error, String note) {
    record Program(String function, String section) {}

    record Run(String function, String input, byte[] context, byte[] packet, int expected) {}

    record Const(String name, byte[] bytes) {}

    /** Where a build must fail: a Go position ({@code main.go:12}) or {@code stage <name>}, and what it says. */
    record Error(String position, String fragment) {
        /** The text the report must contain for the position. */
        String marker() {
            return position.startsWith("stage ") ? "stage \"" + position.substring(6) + "\" failed" : position + ":";
        }
    }

    static Path root() {
        return Requires.repo().resolve("src/test/resources/io/tinybpf/constructs");
    }

    static List<Construct> all() throws IOException {
        List<Construct> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root())) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) out.add(parse(d));
        }
        return out;
    }

    static Construct parse(Path dir) {
        String title = null, category = null, cpu = null, note = null;
        Error error = null;
        List<Program> programs = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        List<Const> consts = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, String> header : io.tinybpf.testing.HeaderComments.read(dir.resolve("main.go"))) {
            String key = header.getKey(), value = header.getValue();
            switch (key) {
                case "construct" -> title = value;
                case "category" -> category = value;
                case "cpu" -> cpu = value;
                case "note" -> note = value;
                case "warn" -> warnings.add(value);
                case "program" -> {
                    String[] p = value.split("\\s+");
                    programs.add(new Program(p[0], p[1]));
                }
                case "error" -> {
                    // "main.go:12: fragment" (at a Go line) or "stage input-normalization: fragment"
                    int sep = value.startsWith("stage ") ? value.indexOf(": ") : value.indexOf(": ", value.indexOf(':') + 1);
                    error = new Error(value.substring(0, sep), value.substring(sep + 2));
                }
                case "const" -> {
                    String[] kv = value.split("=", 2);
                    consts.add(new Const(kv[0], TestInputs.fields(kv[1])));
                }
                case "run" -> runs.add(run(value));
                default -> throw new IllegalArgumentException(dir + ": unknown header '" + key + "'");
            }
        }
        if (title == null) throw new IllegalArgumentException(dir + ": no '// construct:' header");
        if (programs.isEmpty()) throw new IllegalArgumentException(dir + ": no '// program:' header");
        return new Construct(dir.getFileName().toString(), dir, title, category, programs, runs, consts, cpu, warnings, error, note);
    }

    private static Run run(String value) {
        // fn ctx=... => N  |  fn packet=... => N
        int arrow = value.lastIndexOf("=>");
        int expected = Integer.decode(value.substring(arrow + 2).strip());
        String left = value.substring(0, arrow).strip();
        int sp = left.indexOf(' ');
        String fn = left.substring(0, sp);
        String input = left.substring(sp + 1).strip();
        if (input.startsWith("packet=")) return new Run(fn, input, null, TestInputs.packet(input.substring(7)), expected);
        if (input.startsWith("ctx=")) return new Run(fn, input, TestInputs.context(input.substring(4)), null, expected);
        throw new IllegalArgumentException("run input must be ctx=... or packet=...: " + value);
    }

    /**
     * The case as a Go module under {@code parent}: its files, plus a go.mod and the !tinygo stub
     * every BPF package has, unless the case brings its own.
     */
    Path materialize(Path parent) throws IOException {
        Path d = parent.resolve(name);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.toList()) {
                Path t = d.resolve(dir.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.exists(d.resolve("go.mod"))) Files.writeString(d.resolve("go.mod"), "module constructs/" + name + "\n\ngo 1.22\n");
        if (!Files.exists(d.resolve("stub.go"))) Files.writeString(d.resolve("stub.go"), "//go:build !tinygo\n\npackage main\n\nfunc main() {}\n");
        return d;
    }

    /** The docs table: one row per construct, grouped by category. */
    static String table(List<Construct> all) {
        Map<String, List<Construct>> byCategory = new LinkedHashMap<>();
        for (Construct c : all) byCategory.computeIfAbsent(c.category(), k -> new ArrayList<>()).add(c);
        StringBuilder sb = new StringBuilder();
        sb.append("<!-- generated from src/test/resources/io/tinybpf/constructs by scripts/constructs-table; GoConstructsTest checks it -->\n");
        sb.append("| construct | works? | checked by the test | case |\n|---|---|---|---|\n");
        for (Map.Entry<String, List<Construct>> e : byCategory.entrySet()) {
            sb.append("| **").append(e.getKey()).append("** | | | |\n");
            for (Construct c : e.getValue()) {
                String works = c.error() == null ? "yes" : "no: build error";
                String checked = c.error() != null ? "error at " + c.error().position() + ": “" + c.error().fragment() + "”"
                        : "verifier accepts; " + c.runs().size() + " test run" + (c.runs().size() == 1 ? "" : "s");
                if (c.note() != null) checked += " — " + c.note();
                sb.append("| ").append(c.title()).append(" | ").append(works).append(" | ").append(checked).append(" | `")
                        .append(c.name()).append("` |\n");
            }
        }
        return sb.toString();
    }
}
