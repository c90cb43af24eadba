package io.tinybpf.cli;

import io.tinybpf.kernel.KernelVerifier.Verdict;
import io.tinybpf.kernel.VerifierStats;
import io.tinybpf.util.Durations;
import io.tinybpf.vm.KernelMatrix;
import io.tinybpf.vm.Vm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code verify --kernel --vm host,6.1,6.12}: runs the kernel matrix and prints it, one row per
 * program and one column per kernel, then each rejection or refusal in full (the verifier's
 * words at the Go line, the source text, a hint). Kept out of {@link VerifyCommand} so that
 * command only gains the flag.
 */
final class MatrixReport {
    private MatrixReport() {}

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** Boots the kernels (progress on {@code err}) and verifies; a missing kernel throws before anything boots. */
    static List<KernelMatrix.Column> run(Path obj, List<String> programs, String vmSpec, String timeout, String modules, PrintStream err) {
        Vm.Options o = options(timeout, modules, err);
        return KernelMatrix.verify(obj, programs, KernelMatrix.parse(vmSpec), o, io.tinybpf.util.Env.all());
    }

    /** --timeout (each boot and each request) and --vm-modules, with boot progress on {@code err}. */
    static Vm.Options options(String timeout, String modules, PrintStream err) {
        Duration t = timeout == null ? DEFAULT_TIMEOUT : Durations.parse(timeout);
        List<String> mods = modules == null ? List.of() : java.util.Arrays.stream(modules.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        return Vm.Options.defaults().withBootTimeout(t).withCallTimeout(t).withIdle(t.plusMinutes(1)).withModules(mods)
                .withProgress(line -> err.println("tinybpf: " + line));
    }

    static boolean ok(List<KernelMatrix.Column> matrix) {
        return matrix.stream().allMatch(KernelMatrix.Column::ok);
    }

    static void text(PrintStream out, List<String> programs, List<KernelMatrix.Column> matrix) {
        out.println("kernels");
        for (KernelMatrix.Column c : matrix) out.println("  " + c.describe() + (c.error() != null ? ": FAILED" : ""));
        int w0 = Math.max(20, programs.stream().mapToInt(String::length).max().orElse(0) + 2);
        List<List<String>> cells = new ArrayList<>();
        int[] widths = new int[matrix.size()];
        for (int j = 0; j < matrix.size(); j++) widths[j] = matrix.get(j).name().length() + 2;
        for (String p : programs) {
            List<String> row = new ArrayList<>();
            for (int j = 0; j < matrix.size(); j++) {
                String cell = cell(matrix.get(j), p);
                widths[j] = Math.max(widths[j], cell.length() + 2);
                row.add(cell);
            }
            cells.add(row);
        }
        StringBuilder head = new StringBuilder(pad("program", w0));
        for (int j = 0; j < matrix.size(); j++) head.append(pad(matrix.get(j).name(), widths[j]));
        out.println(head.toString().stripTrailing());
        for (int i = 0; i < programs.size(); i++) {
            StringBuilder row = new StringBuilder(pad(programs.get(i), w0));
            for (int j = 0; j < matrix.size(); j++) row.append(pad(cells.get(i).get(j), widths[j]));
            out.println(row.toString().stripTrailing());
        }
        for (KernelMatrix.Column c : matrix) {
            if (c.error() != null) {
                out.println();
                out.println(c.name() + ": " + c.error().replace("\n", "\n    "));
                continue;
            }
            for (Verdict v : c.verdicts().values()) {
                if (v.accepted()) continue;
                out.println();
                String at = v.goPosition() != null ? " at " + v.goPosition() : "";
                if (v.refusal() != null) {
                    out.println(c.name() + " " + v.program() + ": not loaded: " + v.refusal());
                } else if (v.loadError() != null) {
                    // libbpf gave up before the verifier ran (a kfunc or map this kernel lacks)
                    out.println(c.name() + " " + v.program() + ": NOT LOADED" + at + ": " + v.loadError());
                    if (v.sourceText() != null) out.println("    source: " + v.sourceText());
                } else {
                    out.println(c.name() + " " + v.program() + ": REJECTED" + (v.goPosition() != null ? " at " + v.goPosition() : "") + ": "
                            + (v.complaint() == null ? "(no message)" : v.complaint().replace("\n", "\n    ")));
                    if (v.sourceText() != null) out.println("    source: " + v.sourceText());
                }
                VerifyCommand.hintOf(v).ifPresent(h -> out.println("    hint: " + h.advice()));
            }
        }
    }

    /** "17 insns, stack 0 B", "REJECTED at main.go:19", "NOT LOADED at task.go:51", "refused (EPERM)", "error". */
    static String cell(KernelMatrix.Column c, String program) {
        if (c.error() != null) return "error (see below)";
        Verdict v = c.verdicts().get(program);
        if (v == null) return "-";
        if (v.accepted()) {
            VerifierStats s = v.stats();
            String stack = s.stackDepths().isEmpty() ? "?" : s.stackDepths().stream().map(String::valueOf).reduce((a, b) -> a + "+" + b).orElse("");
            return s.processedInsns() + " insns, stack " + stack + " B";
        }
        if (v.refusal() != null) return "refused (" + v.refusal().split(":")[0] + ")";
        return (v.loadError() != null ? "NOT LOADED" : "REJECTED") + (v.goPosition() != null ? " at " + v.goPosition() : "");
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    /** The matrix for {@code verify --json}: one entry per kernel, with a verdict per program. */
    static List<Object> json(List<KernelMatrix.Column> matrix) {
        List<Object> out = new ArrayList<>();
        for (KernelMatrix.Column c : matrix) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("name", c.name());
            k.put("description", c.describe());
            if (c.error() != null) k.put("error", c.error());
            Map<String, Object> progs = new LinkedHashMap<>();
            for (Verdict v : c.verdicts().values()) progs.put(v.program(), JsonModels.verdict(v));
            k.put("programs", progs);
            out.add(k);
        }
        return out;
    }

}
