package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.diag.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * TinyGo's own errors as diagnostics at their Go lines (the compiler prints
 * {@code file:line:col: message}), with the BPF-specific reason where the message is TinyGo's
 * way of saying that BPF has no runtime; and checks TinyGo does not make itself (it panics on two
 * {@code //export} of one name).
 */
final class GoErrors {
    private GoErrors() {}

    /** Diagnostics for every {@code path.go:L:C: message} line of TinyGo's stderr; empty when none. */
    static List<Diagnostic> parse(String stderr, Path packageDir) {
        List<Diagnostic> out = new ArrayList<>();
        Path root = packageDir.toAbsolutePath().normalize();
        for (String line : stderr.split("\n")) {
            int go = line.indexOf(".go:");
            if (go < 0 || line.startsWith("\t") || line.startsWith(" ")) continue;
            String file = line.substring(0, go + 3);
            String[] rest = line.substring(go + 4).split(":", 3);
            if (rest.length < 3 || !isNumber(rest[0]) || !isNumber(rest[1])) continue;
            Path p = Path.of(file);
            if (!p.isAbsolute()) p = root.resolve(p);
            p = p.normalize();
            String shown = p.startsWith(root) ? root.relativize(p).toString() : p.toString();
            String message = rest[2].strip();
            out.add(new Diagnostic(Severity.ERROR, Stage.TINYGO_COMPILE, explain(message),
                    new SourcePos(shown, Integer.parseInt(rest[0]), Integer.parseInt(rest[1])), null, null));
        }
        return out;
    }

    /** TinyGo's wording, with what it means for a BPF program. */
    private static String explain(String message) {
        if (message.contains("goroutine without a scheduler")) {
            return "a goroutine (go statement): BPF programs run to completion on one CPU and have no scheduler";
        }
        return message;
    }

    static String hint(List<Diagnostic> ds) {
        for (Diagnostic d : ds) {
            if (d.message().startsWith("a goroutine")) return "do the work in the program itself, or in user space";
        }
        return "fix the Go error above (BPF programs compile with TinyGo: tinygo build " + String.join(" ", TinyGo.FLAGS) + ")";
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /**
     * Two {@code //export} comments with one name: an error at both lines (TinyGo would crash). Only
     * the package's own .go files count; build constraints are not evaluated, so a name exported once
     * per build variant (tinygo and !tinygo files) is fine: only files TinyGo compiles are read.
     */
    static void checkExports(Path packageDir) throws BuildException {
        Map<String, List<SourcePos>> seen = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(packageDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".go") && !p.toString().endsWith("_test.go")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                if (excludedForTinyGo(lines)) continue;
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i).strip();
                    if (!l.startsWith("//export ")) continue;
                    String name = l.substring(9).strip();
                    seen.computeIfAbsent(name, k -> new ArrayList<>()).add(new SourcePos(f.getFileName().toString(), i + 1, 1));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return; // unreadable sources are TinyGo's to report
        }
        List<Diagnostic> problems = new ArrayList<>();
        for (Map.Entry<String, List<SourcePos>> e : seen.entrySet()) {
            List<SourcePos> at = e.getValue();
            for (int i = 1; i < at.size(); i++) {
                problems.add(new Diagnostic(Severity.ERROR, Stage.TINYGO_COMPILE, "//export " + e.getKey() + " is declared again (first at "
                        + at.getFirst() + "): each exported name is one program symbol", at.get(i), null, null));
            }
        }
        if (!problems.isEmpty()) throw BuildException.of(Stage.TINYGO_COMPILE, problems, "give each exported function its own //export name");
    }

    /** A file whose build constraint excludes TinyGo ({@code //go:build !tinygo}). */
    private static boolean excludedForTinyGo(List<String> lines) {
        for (String l : lines) {
            String s = l.strip();
            if (s.startsWith("package ")) return false;
            if (s.startsWith("//go:build ")) return s.substring(11).strip().equals("!tinygo");
        }
        return false;
    }
}
