package io.tinybpf.cli;

import io.tinybpf.util.Durations;
import io.tinybpf.util.Json;
import io.tinybpf.toolchain.ProcessRunner;
import io.tinybpf.toolchain.Tool;
import io.tinybpf.toolchain.ToolLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Checks the installation: every tool with its path and version, that the LLVM tools are not
 * older than TinyGo's LLVM, and whether this kernel can load programs. Exit 1 when a required
 * tool is missing, naming the fix.
 */
final class DoctorCommand extends Command {
    private static final Pattern LLVM_VERSION = Pattern.compile("LLVM version (\\d+)[.\\d]*");

    @Override
    String name() {
        return "doctor";
    }

    @Override
    String summary() {
        return "Check the toolchain and the kernel.";
    }

    @Override
    String synopsis() {
        return "doctor [--json] [flags]";
    }

    @Override
    void define(CommandSpec spec) {
        for (Tool t : Tool.values()) value(spec, "<path>", "Use this " + t.command() + ".", t.flag());
        value(spec, "<duration>", "Timeout of each version probe (default 10s).", "--timeout");
        jsonFlag(spec, "the findings");
    }

    private record Row(String name, Optional<ToolLocator.Located> located, boolean required, String fix, String version) {}

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        Map<Tool, String> overrides = new EnumMap<>(Tool.class);
        for (Tool t : Tool.values()) {
            String v = str(pr, t.flag());
            if (v != null) overrides.put(t, v);
        }
        Duration timeout = pr.hasMatchedOption("--timeout") ? Durations.parse(str(pr, "--timeout")) : Duration.ofSeconds(10);
        ToolLocator loc = new ToolLocator(overrides);
        List<String> problems = new ArrayList<>();
        Optional<ToolLocator.Located> tinygo;
        try {
            tinygo = loc.tinygo();
        } catch (ToolLocator.LocateException e) {
            problems.add(e.getMessage());
            tinygo = Optional.empty();
        }
        int major = tinygo.map(ToolLocator.Located::llvmMajor).orElse(0);
        List<Tool> llvmTools = List.of(Tool.LLVM_LINK, Tool.OPT, Tool.LLC, Tool.LLVM_AR, Tool.LLVM_OBJCOPY);
        List<CompletableFuture<Row>> rows = new ArrayList<>();
        rows.add(probe("tinygo", tinygo, true, "run scripts/setup tinygo (builds TinyGo from the Go module proxy), or install "
                + "TinyGo and put it on PATH, or pass --tinygo", List.of("version"), timeout));
        Optional<Path> go = io.tinybpf.toolchain.GoCommand.locate();
        rows.add(probe("go", go.map(p -> new ToolLocator.Located(Tool.TINYGO, p, 0,
                        io.tinybpf.toolchain.GoCommand.onPath() ? "PATH" : "not on PATH; handed to TinyGo")), true,
                "install Go (https://go.dev/dl) and put it on PATH: TinyGo runs the go command", List.of("version"), timeout));
        for (Tool t : llvmTools) {
            Optional<ToolLocator.Located> l;
            try {
                l = loc.llvmTool(t, major, major);
            } catch (ToolLocator.LocateException e) {
                problems.add(e.getMessage());
                l = Optional.empty();
            }
            boolean required = t == Tool.LLVM_LINK || t == Tool.OPT || t == Tool.LLC;
            String pkg = "llvm-" + (major > 0 ? major : 22);
            rows.add(probe(t.command(), l, required, "run scripts/setup llvm, or apt-get install " + pkg + ", or pass " + t.flag()
                    + (required ? "" : " (only needed " + (t == Tool.LLVM_AR ? "for .a inputs)" : "for .o inputs)")),
                    List.of("--version"), timeout));
        }
        List<Row> done = rows.stream().map(CompletableFuture::join).toList();
        int missingRequired = 0;
        int lowest = Integer.MAX_VALUE;
        for (Row r : done) {
            if (r.located.isEmpty()) {
                if (r.required) missingRequired++;
                continue;
            }
            if (!r.name.equals("tinygo") && !r.name.equals("go") && r.required) {
                Matcher m = LLVM_VERSION.matcher(r.version);
                int v = m.find() ? Integer.parseInt(m.group(1)) : r.located.get().llvmMajor();
                if (v > 0) lowest = Math.min(lowest, v);
            }
        }
        List<Check> checks = new ArrayList<>();
        if (major > 0 && lowest != Integer.MAX_VALUE) {
            if (lowest >= major) {
                checks.add(new Check(true, String.format("LLVM %d tools can read TinyGo's LLVM %d IR", lowest, major)));
            } else {
                checks.add(new Check(false, String.format("LLVM %d tools are older than TinyGo's LLVM %d: they cannot read its IR", lowest, major)));
                problems.add("LLVM tools older than TinyGo's LLVM " + major + "; fix: apt-get install llvm-" + major + " or pass --llc/--opt/--llvm-link");
            }
        }
        Optional<Path> sdk = io.tinybpf.sdk.SdkLocation.find();
        if (sdk.isPresent()) {
            checks.add(new Check(true, "Go SDK " + io.tinybpf.sdk.SdkLocation.MODULE + " at " + sdk.get()
                    + " (tinybpf init points new modules at it)"));
        } else {
            checks.add(new Check(false, "Go SDK " + io.tinybpf.sdk.SdkLocation.MODULE + " not found (looked in $TINYBPF_SDK, beside "
                    + "tinybpf, " + io.tinybpf.sdk.SdkLocation.INSTALLED + "; a copy other users can write is ignored)"));
            problems.add("no Go SDK: tinybpf init and programs importing " + io.tinybpf.sdk.SdkLocation.MODULE
                    + " need it; fix: scripts/setup sdk, or set TINYBPF_SDK to a checkout's sdk/ directory");
        }
        List<Fact> kernel = kernel();
        int failures = missingRequired + problems.size();
        if (bool(pr, "--json")) {
            con.out().print(Json.write(json(done, checks, kernel, problems, failures)));
            return failures == 0 ? OK : FAILED;
        }
        con.out().println("tinybpf doctor");
        con.out().println("tools");
        for (Row r : done) {
            if (r.located.isEmpty()) {
                con.out().printf("  %-13s %s%n", r.name, (r.required ? "MISSING" : "not found") + " — fix: " + r.fix);
                continue;
            }
            String where = r.located.get().origin().startsWith("not on PATH") ? " (" + r.located.get().origin() + ")" : "";
            con.out().printf("  %-13s %s%s%n  %-13s %s%n", r.name, r.located.get().path(), where, "", r.version);
        }
        con.out().println("checks");
        for (Check c : checks) con.out().println((c.ok ? "  ok    " : "  FAIL  ") + c.text);
        con.out().println("kernel");
        for (Fact f : kernel) con.out().printf("  %-13s %s%n", f.name, f.ok ? f.text : f.text + " — fix: " + f.fix);
        con.out().println("vm (for verify/test --vm)");
        io.tinybpf.vm.VmStatus.of(io.tinybpf.util.Env.all()).forEach((k, v) -> con.out().printf("  %-13s %s%n", k, v));
        for (String p : problems) con.out().println("  FAIL  " + p);
        con.out().println(failures == 0 ? "all required tools found" : failures + " problem(s); see the fixes above");
        return failures == 0 ? OK : FAILED;
    }

    /** A check across tools (LLVM versions). */
    private record Check(boolean ok, String text) {}

    /** What doctor found about the kernel; {@code fix} says what to do when not {@code ok}. */
    private record Fact(String name, boolean ok, String text, String fix) {}

    /** The JSON document (docs/schemas/doctor.schema.json). */
    private static Map<String, Object> json(List<Row> rows, List<Check> checks, List<Fact> kernel, List<String> problems, int failures) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("ok", failures == 0);
        List<Object> tools = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", r.name);
            t.put("required", r.required);
            t.put("found", r.located.isPresent());
            t.put("path", r.located.map(l -> l.path().toString()).orElse(null));
            t.put("origin", r.located.map(ToolLocator.Located::origin).orElse(null));
            t.put("version", r.located.isPresent() ? r.version : null);
            if (r.located.isEmpty()) t.put("fix", r.fix);
            tools.add(t);
        }
        doc.put("tools", tools);
        List<Object> cs = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", c.ok);
            m.put("text", c.text);
            cs.add(m);
        }
        doc.put("checks", cs);
        List<Object> ks = new ArrayList<>();
        for (Fact f : kernel) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("name", f.name);
            k.put("ok", f.ok);
            k.put("text", f.text);
            if (!f.ok) k.put("fix", f.fix);
            ks.add(k);
        }
        doc.put("kernel", ks);
        doc.put("problems", List.copyOf(problems));
        return doc;
    }

    private static CompletableFuture<Row> probe(String name, Optional<ToolLocator.Located> l, boolean required, String fix,
                                               List<String> args, Duration timeout) {
        if (l.isEmpty()) return CompletableFuture.completedFuture(new Row(name, l, required, fix, ""));
        Map<String, String> env = ProcessRunner.goEnvironment(); // read here: the probe runs on another thread
        return CompletableFuture.supplyAsync(() -> {
            List<String> cmd = new ArrayList<>();
            cmd.add(l.get().path().toString());
            cmd.addAll(args);
            String version;
            try {
                ProcessRunner.Result r = ProcessRunner.run(cmd, null, env, timeout);
                version = firstVersionLine(r.stdoutText() + "\n" + r.stderr());
                if (r.timedOut()) version = "(version probe timed out)";
            } catch (IOException e) {
                version = "(cannot run: " + e.getMessage() + ")";
            }
            return new Row(name, l, required, fix, version);
        }, r -> Thread.ofVirtual().start(r));
    }

    /** The informative line of a --version banner ("Debian LLVM version 22.1.8", "tinygo version ..."). */
    static String firstVersionLine(String text) {
        String first = null;
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty()) continue;
            if (first == null) first = t;
            if (t.contains("version")) return t;
        }
        return first == null ? "(no version output)" : first;
    }

    private static List<Fact> kernel() {
        List<Fact> out = new ArrayList<>();
        String release = read("/proc/sys/kernel/osrelease").strip();
        out.add(new Fact("release", !release.isEmpty(), release.isEmpty() ? "(unknown)" : "Linux " + release, "cannot read /proc/sys/kernel/osrelease"));
        out.add(mounted("/sys/fs/bpf") ? new Fact("bpffs", true, "mounted on /sys/fs/bpf", null)
                : new Fact("bpffs", false, "not mounted", "sudo mount -t bpf bpf /sys/fs/bpf (scripts/setup kernel)"));
        out.add(mounted("/sys/kernel/tracing") ? new Fact("tracefs", true, "mounted on /sys/kernel/tracing", null)
                : new Fact("tracefs", false, "not mounted", "sudo mount -t tracefs tracefs /sys/kernel/tracing (needed to attach tracepoints)"));
        Path btf = Path.of("/sys/kernel/btf/vmlinux");
        out.add(Files.exists(btf) ? new Fact("btf", true, btf + " (CO-RE and kfuncs resolve against it)", null)
                : new Fact("btf", false, "missing: the kernel lacks CONFIG_DEBUG_INFO_BTF, so CO-RE programs and kfuncs cannot load",
                        "a kernel built with CONFIG_DEBUG_INFO_BTF=y"));
        String caps = capabilities();
        out.add(new Fact("privileges", caps != null, caps != null ? caps : "cannot load BPF programs",
                "run as root or grant CAP_BPF + CAP_PERFMON (building needs no privileges)"));
        return out;
    }

    /** What lets this process load programs, or null when nothing does. */
    private static String capabilities() {
        for (String line : read("/proc/self/status").split("\n")) {
            if (!line.startsWith("CapEff:")) continue;
            long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
            boolean bpf = (caps >> 39 & 1) == 1;
            boolean admin = (caps >> 21 & 1) == 1;
            if (bpf || admin) return "can load BPF programs (" + (bpf ? "CAP_BPF" : "CAP_SYS_ADMIN") + ")";
            return null;
        }
        return null;
    }

    private static boolean mounted(String dir) {
        for (String line : read("/proc/self/mounts").split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 1 && f[1].equals(dir)) return true;
        }
        return false;
    }

    private static String read(String p) {
        try {
            return Files.readString(Path.of(p));
        } catch (IOException e) {
            return "";
        }
    }
}
