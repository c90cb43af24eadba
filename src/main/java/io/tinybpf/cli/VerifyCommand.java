package io.tinybpf.cli;

import io.tinybpf.util.Env;
import io.tinybpf.bpf.KernelTargets;
import io.tinybpf.bpf.VerifierHints;
import io.tinybpf.btf.Btf;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ElfFormatException;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.elf.ObjectValidator;
import io.tinybpf.kernel.Bpf;
import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.kernel.OpenOptions;
import io.tinybpf.kernel.VerifierStats;
import io.tinybpf.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Explains a BPF object: the same structural checks as a build, then what it contains. With
 * {@code --kernel} each program goes through the running kernel's verifier on its own (libbpf
 * loads all-or-nothing, which would hide the verdicts of the others), reporting processed
 * instructions and stack depth, or the verifier's complaint at the Go line it concerns.
 */
final class VerifyCommand extends Command {

    @Override
    String name() {
        return "verify";
    }

    @Override
    String summary() {
        return "Validate a BPF object and summarize it; --kernel runs it through the kernel's verifier.";
    }

    @Override
    String synopsis() {
        return "verify [--kernel [--log] [--profile[=html]] [--vm host,6.1,...]] [--json] <object>";
    }

    @Override
    void define(CommandSpec spec) {
        flag(spec, "Load each program through the running kernel's verifier (needs CAP_BPF).", "--kernel");
        flag(spec, "Print a JSON document instead of text.", "--json");
        flag(spec, "With --kernel: print the full verifier log of every program.", "--log");
        optionalValue(spec, "<format>", "text", "Implies --kernel: the verifier's work per Go source line (processed instructions "
                + "and branch states from its detailed log), costliest lines first; =html also writes a page of the Go sources "
                + "shaded by cost.", "--profile");
        value(spec, "<file>", "With --profile=html: the page to write (default <object>.profile.html in the current directory).",
                "--profile-out");
        value(spec, "<dir>", "With --profile=html: where the Go sources are (default: the object's directory, its parent, "
                + "the current directory).", "--source-dir");
        value(spec, "<kernels>", "Verify on these kernels, each booted once in a VM: host (this one), 6.1, 6.12 (installed by "
                + "scripts/setup kernels) or a bzImage/vmlinuz path[:modules dir]; comma-separated. Implies --kernel.", "--vm");
        value(spec, "<duration>", "With --vm: the limit for each kernel's boot and for each of its requests (default 5m).", "--timeout");
        value(spec, "<modules>", "With --vm: kernel modules to insert at boot (with their dependencies), comma-separated, e.g. "
                + "nf_conntrack for its kfuncs.", "--vm-modules");
        value(spec, "<file>", "The object (also accepted as a positional argument).", "-i", "--input");
        positionals(spec, "<object>", "The BPF object to verify.");
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        List<String> args = new ArrayList<>(args(pr));
        if (str(pr, "--input") != null) args.add(str(pr, "--input"));
        String profile = str(pr, "--profile");
        if (profile != null && !profile.equals("text") && !profile.equals("html")) {
            // "--profile obj.o": the parser took the object for the optional format
            if (!args.isEmpty()) throw new UsageException("--profile=" + profile + ": expected text or html");
            args.add(profile);
            profile = "text";
        }
        if (args.size() != 1) throw new UsageException("exactly one object argument is required");
        Path obj = Env.path(args.getFirst());
        boolean json = bool(pr, "--json");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("object", obj.toString());
        if (!Files.isRegularFile(obj)) {
            con.err().println("error: " + obj + ": no such file");
            return FAILED;
        }
        ElfFile elf;
        try {
            elf = ElfFile.read(obj);
        } catch (ElfFormatException e) {
            return report(con, json, doc, List.of(Diagnostic.error(io.tinybpf.diag.Stage.ELF_VALIDATE, e.getMessage())), null, null, Map.of(), null);
        }
        List<Diagnostic> diags = ObjectValidator.validate(elf);
        ObjectSummary summary = null;
        try {
            summary = ObjectSummary.summarize(elf);
        } catch (io.tinybpf.btf.BtfFormatException e) {
            // reported by the validator already
        }
        Map<String, KernelVerifier.Verdict> verdicts = null;
        ProfileReport profiles = null;
        List<io.tinybpf.vm.KernelMatrix.Column> matrix = null;
        if (str(pr, "--vm") != null && summary != null && !ObjectValidator.hasErrors(diags)) {
            matrix = MatrixReport.run(obj, summary.programs().stream().map(ObjectSummary.Program::name).toList(), str(pr, "--vm"),
                    str(pr, "--timeout"), str(pr, "--vm-modules"), con.err());
            if (json) doc.put("kernels", MatrixReport.json(matrix));
        } else if ((bool(pr, "--kernel") || profile != null) && summary != null && !ObjectValidator.hasErrors(diags)) {
            verdicts = kernelVerdicts(obj, summary, profile != null);
            if (profile != null) profiles = ProfileReport.of(verdicts, sourceDirs(pr, obj));
        }
        Map<String, KernelTargets.Missing> targets = new LinkedHashMap<>();
        if (verdicts != null && summary != null) {
            KernelTargets kernel = KernelTargets.running();
            for (ObjectSummary.Program p : summary.programs()) kernel.check(p.section()).ifPresent(m -> targets.put(p.name(), m));
        }
        int exit = report(con, json, doc, diags, summary == null ? null : new Described(summary, Records.describe(Records.btf(elf))), verdicts,
                targets, profiles);
        if (profiles != null && "html".equals(profile)) {
            String name = obj.getFileName().toString();
            Path page = str(pr, "--profile-out") != null ? Env.path(str(pr, "--profile-out"))
                    : Env.path(GenerateCommand.stem(name) + ".profile.html");
            io.tinybpf.util.AtomicFiles.write(page, profiles.html(name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            (json ? con.err() : con.out()).println("wrote " + page);
        }
        if (matrix != null && !json) MatrixReport.text(con.out(), summary.programs().stream().map(ObjectSummary.Program::name).toList(), matrix);
        if (matrix != null && !MatrixReport.ok(matrix)) exit = FAILED;
        if (bool(pr, "--log") && verdicts != null && !json) {
            for (KernelVerifier.Verdict v : verdicts.values()) {
                con.out().println("--- verifier log: " + v.program() + " ---");
                con.out().println(v.log() == null || v.log().isBlank() ? "(empty)" : v.log().strip());
            }
        }
        return exit;
    }

    /** A summary plus the record types tinybpf anchored in BTF, per map. */
    private record Described(ObjectSummary summary, Map<String, String> events) {}

    /** With {@code detailed}, the verifier logs every instruction it processes (level 2), for the profile. */
    private static Map<String, KernelVerifier.Verdict> kernelVerdicts(Path obj, ObjectSummary summary, boolean detailed) {
        List<String> names = summary.programs().stream().map(ObjectSummary.Program::name).toList();
        if (!detailed) return KernelVerifier.verify(obj, names);
        return KernelVerifier.verify(obj, names, OpenOptions.defaults().withLogLevel(Bpf.LOG_LEVEL2 | Bpf.LOG_STATS).withLogSize(16 << 20));
    }

    /** --source-dir, else the object's directory (build/ inside the package), its parent, and the current directory. */
    private static List<Path> sourceDirs(ParseResult pr, Path obj) {
        if (str(pr, "--source-dir") != null) return List.of(Env.path(str(pr, "--source-dir")));
        Path dir = obj.toAbsolutePath().getParent();
        List<Path> out = new ArrayList<>();
        if (dir != null) {
            out.add(dir);
            if (dir.getParent() != null) out.add(dir.getParent());
        }
        out.add(Env.current().cwd());
        return out;
    }

    private static int report(Io con, boolean json, Map<String, Object> doc, List<Diagnostic> diags, Described d,
                              Map<String, KernelVerifier.Verdict> verdicts, Map<String, KernelTargets.Missing> targets,
                              ProfileReport profiles) {
        boolean valid = !ObjectValidator.hasErrors(diags);
        boolean kernelOk = verdicts == null || (verdicts.values().stream().allMatch(v -> v.accepted()) && targets.isEmpty());
        if (json) {
            doc.put("valid", valid);
            List<Object> ds = new ArrayList<>();
            for (Diagnostic x : diags) ds.add(JsonModels.diagnostic(x));
            doc.put("diagnostics", ds);
            if (d != null) summaryJson(doc, d, verdicts, targets);
            if (profiles != null && doc.get("programs") instanceof List<?> progs) profiles.addTo(new ArrayList<>(progs));
            con.out().print(Json.write(doc));
            return valid && kernelOk ? OK : FAILED;
        }
        String path = (String) doc.get("object");
        for (Diagnostic x : diags) con.out().println("  " + x.severity().label() + ": " + x.message() + (x.hint() != null ? " (" + x.hint() + ")" : ""));
        con.out().println(path + ": " + (valid ? "valid BPF object" : "INVALID BPF object"));
        if (d == null) return valid ? OK : FAILED;
        ObjectSummary s = d.summary;
        con.out().printf("  license %s, BTF %s, BTF.ext %s, %d CO-RE relocation(s)%s%n", s.license().orElse("(none)"), s.hasBtf() ? "yes" : "no",
                s.hasBtfExt() ? "yes" : "no", s.coreRelocations(), s.kfuncs().isEmpty() ? "" : ", kfuncs " + String.join(", ", s.kfuncs()));
        con.out().println("programs");
        for (ObjectSummary.Program p : s.programs()) {
            con.out().printf("  %-20s %-40s %-16s %d insns%n", p.name(), p.section(), p.programTypeName(), p.instructions());
        }
        if (!s.maps().isEmpty()) con.out().println("maps");
        for (ObjectSummary.MapInfo m : s.maps()) {
            StringBuilder sb = new StringBuilder(String.format("  %-20s %-18s key %d%s, value %d%s, max_entries %d", m.name(), m.typeName(),
                    m.keySize(), m.keyType().map(t -> " (" + t + ")").orElse(""), m.valueSize(),
                    m.valueType().map(t -> " (" + t + ")").orElse(""), m.maxEntries()));
            if (m.mapFlags() != 0) sb.append(String.format(", flags 0x%x", m.mapFlags()));
            if (m.pinning() != 0) sb.append(", pinning ").append(m.pinningName());
            if (d.events.containsKey(m.name())) sb.append(", records ").append(d.events.get(m.name()));
            con.out().println(sb);
        }
        if (verdicts != null) {
            con.out().println("kernel (Linux " + kernelRelease() + ")");
            for (KernelVerifier.Verdict v : verdicts.values()) {
                if (v.accepted()) {
                    VerifierStats st = v.stats();
                    con.out().printf("  %-20s accepted: processed %d insns, stack %s, verified in %s%n", v.program(), st.processedInsns(),
                            st.stackDepths().isEmpty() ? "?" : st.stackDepths().stream().map(x -> x + " B").reduce((a, b) -> a + "+" + b).orElse(""),
                            st.verificationTimeUsec() >= 0 ? st.verificationTimeUsec() + " µs" : "?");
                } else if (v.refusal() != null) {
                    con.out().printf("  %-20s not loaded: %s%n", v.program(), v.refusal());
                } else if (v.loadError() != null) {
                    con.out().printf("  %-20s NOT LOADED%s: %s%n", v.program(), v.goPosition() != null ? " at " + v.goPosition() : "", v.loadError());
                    if (v.sourceText() != null) con.out().println(" ".repeat(24) + "source: " + v.sourceText());
                } else {
                    con.out().printf("  %-20s REJECTED%s: %s%n", v.program(), v.goPosition() != null ? " at " + v.goPosition() : "",
                            v.complaint() == null ? "the verifier gave no reason (tinybpf verify --kernel --log shows its whole log)"
                                    : v.complaint().replace("\n", "\n" + " ".repeat(24)));
                    if (v.sourceText() != null) con.out().println(" ".repeat(24) + "source: " + v.sourceText());
                }
                hintOf(v).ifPresent(h -> con.out().println(" ".repeat(24) + "hint: " + h.advice()));
                if (targets.containsKey(v.program())) {
                    con.out().println(" ".repeat(24) + "TARGET MISSING: " + targets.get(v.program()).message() + " (it cannot attach)");
                }
            }
            btfRejection(verdicts).ifPresent(b -> con.out().println("  warning: the kernel refused the object's BTF, and libbpf "
                    + "loaded it without (maps lose their key/value types): " + b));
        }
        if (profiles != null) profiles.print(con.out());
        return valid && kernelOk ? OK : FAILED;
    }

    private static void summaryJson(Map<String, Object> doc, Described d, Map<String, KernelVerifier.Verdict> verdicts,
                                    Map<String, KernelTargets.Missing> targets) {
        ObjectSummary s = d.summary;
        doc.put("license", s.license().orElse(null));
        doc.put("btf", s.hasBtf());
        doc.put("btf_ext", s.hasBtfExt());
        doc.put("kfuncs", s.kfuncs());
        doc.put("core_relocations", (long) s.coreRelocations());
        List<Object> progs = new ArrayList<>();
        for (ObjectSummary.Program p : s.programs()) {
            Map<String, Object> m = JsonModels.program(p);
            if (verdicts != null && verdicts.containsKey(p.name())) {
                Map<String, Object> k = JsonModels.verdict(verdicts.get(p.name()));
                if (targets.containsKey(p.name())) k.put("target_missing", targets.get(p.name()).message());
                m.put("kernel", k);
            }
            progs.add(m);
        }
        doc.put("programs", progs);
        if (verdicts != null) btfRejection(verdicts).ifPresent(b -> doc.put("btf_rejected", b));
        List<Object> maps = new ArrayList<>();
        for (ObjectSummary.MapInfo mi : s.maps()) {
            maps.add(JsonModels.map(mi, d.events.get(mi.name())));
        }
        doc.put("maps", maps);
    }

    /** The advice for a rejection or load error, when tinybpf knows the message. */
    static java.util.Optional<VerifierHints.Hint> hintOf(KernelVerifier.Verdict v) {
        if (v.accepted() || v.refusal() != null) return java.util.Optional.empty();
        return VerifierHints.hint(v.loadError() != null ? v.loadError() : v.complaint());
    }

    private static java.util.Optional<String> btfRejection(Map<String, KernelVerifier.Verdict> verdicts) {
        return verdicts.values().stream().map(KernelVerifier.Verdict::btfRejection).filter(java.util.Objects::nonNull).findFirst();
    }

    private static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
