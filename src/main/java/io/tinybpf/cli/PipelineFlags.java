package io.tinybpf.cli;

import io.tinybpf.util.Env;
import io.tinybpf.util.Durations;
import io.tinybpf.TinyBpf;
import io.tinybpf.config.ProjectConfig;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.pipeline.BuildResult;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.toolchain.Tool;
import io.tinybpf.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Flags shared by {@code build} and {@code link}, and turning them into a {@link BuildRequest}. */
final class PipelineFlags {
    private PipelineFlags() {}

    static void define(CommandSpec s) {
        Command.value(s, "<path>", "Project config (default: the nearest tinybpf.json above the package directory).", "--config");
        Command.value(s, "<path>", "Output object (default bpf.o).", "-o", "--output");
        Command.repeated(s, "<fn>", "Program function to keep (repeatable; default: every //export function).", "--program");
        Command.repeated(s, "<fn>=<section>", "ELF section of a program, e.g. handle_connect=tracepoint/syscalls/sys_enter_connect (repeatable).", "--section");
        Command.value(s, "<type>", "Check that every section is of this program type (e.g. xdp, kprobe).", "--program-type");
        Command.value(s, "<cpu>", "BPF CPU version for llc -mcpu: v1, v2, v3, v4 (default v3).", "--cpu");
        Command.value(s, "<profile>", "conservative, default, aggressive or verifier-safe (default: default).", "--opt-profile");
        Command.value(s, "<passes>", "Explicit opt pass pipeline; overrides --opt-profile.", "--pass-pipeline");
        Command.value(s, "<duration>", "Timeout per stage, e.g. 30s, 2m (default 2m).", "--timeout");
        Command.value(s, "<text>", "License for the license section when the program defines none (default GPL).", "--license");
        Command.flag(s, "Load every program through the running kernel's verifier before writing the object; a rejection "
                + "fails the build at its Go line (needs CAP_BPF).", "--verify-kernel");
        Command.flag(s, "Print each stage with its command and time.", "-v", "--verbose");
        Command.flag(s, "Write the IR after each transform pass to <workdir>/dump-ir.", "--dump-ir");
        Command.flag(s, "Keep the work directory with intermediate files.", "--keep-temp");
        Command.value(s, "<dir>", "Directory for intermediate files, kept: a new directory, an empty one of yours, or a previous "
                + "tinybpf work directory (default: a new directory under $TMPDIR, removed after the build).", "--tmpdir");
        Command.flag(s, "Accepted for compatibility: BTF is always emitted by llc from debug info.", "--btf");
        Command.flag(s, "Use the build cache (default true; --cache=false or --no-cache to disable).", "--cache");
        Command.flag(s, "Do not use the build cache.", "--no-cache");
        for (Tool t : Tool.values()) {
            if (t != Tool.TINYGO) Command.value(s, "<path>", "Use this " + t.command() + " (" + t.purpose() + ").", t.flag());
        }
        Command.value(s, "<path>", "Accepted for compatibility and ignored: tinybpf does not use pahole.", "--pahole");
        Command.jsonFlag(s, "the result (object, programs, maps, warnings, stage times; or the failed stage)");
    }

    /**
     * The request: tinybpf.json values first (found upward from {@code configStart}), then the
     * flags given on the command line, which win.
     */
    static BuildRequest.Builder request(ParseResult pr, Command.Io con, Path configStart) throws Command.UsageException,
            ProjectConfig.ConfigException {
        // with --json, stdout carries only the JSON document: progress (-v) goes to stderr
        java.io.PrintStream progress = Command.bool(pr, "--json") ? con.err() : con.out();
        // the default output is relative to the invocation's directory, never the server's
        BuildRequest.Builder b = BuildRequest.builder().out(progress).err(con.err()).cache(true).output(Env.path("bpf.o"));
        String cfgFlag = Command.str(pr, "--config");
        Path cfgFile = cfgFlag != null ? Env.path(cfgFlag) : ProjectConfig.find(configStart);
        if (cfgFile != null) {
            if (!java.nio.file.Files.exists(cfgFile)) throw new ProjectConfig.ConfigException(cfgFile + ": no such file");
            apply(ProjectConfig.load(cfgFile), b);
            if (Command.bool(pr, "--verbose")) progress.println("[config] " + cfgFile.toAbsolutePath().normalize());
        }
        String out = Command.str(pr, "--output");
        if (out != null) b.output(Env.path(out));
        if (pr.hasMatchedOption("--program")) b.programs(Command.list(pr, "--program"));
        if (pr.hasMatchedOption("--section")) b.sections(java.util.Map.of());
        for (String s : Command.list(pr, "--section")) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1 || s.substring(0, eq).isBlank() || s.substring(eq + 1).isBlank()) {
                throw new Command.UsageException("invalid --section \"" + s + "\": expected <function>=<section>");
            }
            b.section(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        if (pr.hasMatchedOption("--program-type")) b.programType(Command.str(pr, "--program-type"));
        if (pr.hasMatchedOption("--cpu")) b.cpu(Command.str(pr, "--cpu"));
        if (pr.hasMatchedOption("--opt-profile")) b.optProfile(Command.str(pr, "--opt-profile"));
        if (pr.hasMatchedOption("--pass-pipeline")) b.passPipeline(Command.str(pr, "--pass-pipeline"));
        String timeout = Command.str(pr, "--timeout");
        if (timeout != null) {
            try {
                b.timeout(Durations.parse(timeout));
            } catch (IllegalArgumentException e) {
                throw new Command.UsageException("--timeout: " + e.getMessage());
            }
        }
        if (pr.hasMatchedOption("--license")) b.license(Command.str(pr, "--license"));
        b.verbose(Command.bool(pr, "--verbose"));
        if (pr.hasMatchedOption("--cache")) b.cache(Command.bool(pr, "--cache"));
        if (Command.bool(pr, "--no-cache")) b.cache(false);
        if (Command.bool(pr, "--verify-kernel")) b.verifier(io.tinybpf.TinyBpf.runningKernel());
        b.dumpIr(Command.bool(pr, "--dump-ir"));
        b.keepTemp(Command.bool(pr, "--keep-temp"));
        String tmp = Command.str(pr, "--tmpdir");
        if (tmp != null) b.tmpDir(Env.path(tmp));
        for (Tool t : Tool.values()) {
            String v = Command.str(pr, t.flag());
            if (v != null) b.tool(t, v);
        }
        return b;
    }

    /** Config values into the builder; flags applied afterwards override them. */
    static void apply(ProjectConfig c, BuildRequest.Builder b) {
        if (c.output() != null) b.output(c.output());
        if (!c.programs().isEmpty()) {
            b.programs(java.util.List.copyOf(c.programs().keySet()));
            b.sections(c.programs());
        }
        if (c.cpu() != null) b.cpu(c.cpu());
        if (c.optProfile() != null) b.optProfile(c.optProfile());
        if (c.passPipeline() != null) b.passPipeline(c.passPipeline());
        if (c.timeout() != null) b.timeout(c.timeout());
        if (c.license() != null) b.license(c.license());
        if (c.programType() != null) b.programType(c.programType());
        if (c.cache() != null) b.cache(c.cache());
        if (c.verifyKernel() != null) b.verifier(c.verifyKernel() ? io.tinybpf.TinyBpf.runningKernel() : null);
        String llvmDir = c.toolchain().get("llvm_dir");
        for (Tool t : Tool.values()) {
            String key = t.command().replace('-', '_');
            String v = c.toolchain().get(key);
            if (v == null && llvmDir != null && t.isLlvm()) {
                Path p = Env.path(llvmDir).resolve(t.command());
                if (java.nio.file.Files.isExecutable(p)) v = p.toString();
            }
            if (v != null) b.tool(t, v);
        }
    }

    /**
     * Runs the build and prints what the user needs: warnings as they come (stderr), then
     * {@code wrote <path>}; with {@code json} a document (docs/schemas/build.schema.json) on stdout
     * instead, for a failed build as well (whose report also goes to stderr).
     */
    static int execute(BuildRequest req, Command.Io con, boolean json) throws Exception {
        Reporter reporter = new Reporter(d -> con.err().println(format(d)));
        BuildResult r;
        try {
            r = TinyBpf.build(req, reporter);
        } catch (BuildException e) {
            if (!json) throw e;
            con.err().print(e.format());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("result", "failed");
            doc.put("stage", e.stage().toString());
            doc.put("diagnostics", e.problems().stream().map(d -> (Object) JsonModels.diagnostic(d)).toList());
            doc.put("warnings", warnings(reporter));
            doc.put("hint", e.hint());
            doc.put("command", e.command());
            con.out().print(Json.write(doc));
            return Command.FAILED;
        }
        if (!json) {
            if (r.workDir() != null) con.out().println("intermediates: " + Env.display(r.workDir()));
            con.out().println("wrote " + Env.display(r.output()));
            return Command.OK;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("result", "ok");
        doc.put("object", r.output().toString());
        doc.put("work_dir", r.workDir() == null ? null : r.workDir().toString());
        ObjectSummary s = ObjectSummary.summarize(ElfFile.read(r.output()));
        doc.put("programs", s.programs().stream().map(p -> (Object) JsonModels.program(p)).toList());
        Map<String, String> events = Records.describe(Records.btf(ElfFile.read(r.output())));
        doc.put("maps", s.maps().stream().map(m -> (Object) JsonModels.map(m, events.get(m.name()))).toList());
        doc.put("warnings", warnings(reporter));
        Map<String, Object> times = new LinkedHashMap<>();
        r.timings().forEach((k, v) -> times.put(k, v));
        doc.put("stage_ms", times);
        con.out().print(Json.write(doc));
        return Command.OK;
    }

    private static List<Object> warnings(Reporter reporter) {
        return reporter.diagnostics().stream().filter(d -> !d.isError()).map(d -> (Object) JsonModels.diagnostic(d)).toList();
    }

    static String format(Diagnostic d) {
        String s = d.format();
        return d.hint() == null ? s : s + "\n  hint: " + d.hint();
    }
}
