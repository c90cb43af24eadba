package io.tinybpf.pipeline;

import io.tinybpf.bpf.KernelTargets;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Stage;
import io.tinybpf.ir.IrParseException;
import io.tinybpf.ir.Module;
import io.tinybpf.toolchain.LlvmBackend;
import io.tinybpf.toolchain.ProcessRunner;
import io.tinybpf.toolchain.SubprocessLlvmBackend;
import io.tinybpf.toolchain.ToolLocator;
import io.tinybpf.toolchain.Toolchain;
import io.tinybpf.transform.PostOpt;
import io.tinybpf.transform.TransformOptions;
import io.tinybpf.transform.Transformer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One build: [TinyGo] → normalize inputs → llvm-link → transform → opt → post-opt checks → llc →
 * validate → atomic write. A failed build leaves no output file behind.
 */
public final class Pipeline {
    private final BuildRequest req;
    private final Reporter reporter;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    /** Set once the tools are found (run()). */
    private Toolchain tools;
    private LlvmBackend llvm;

    private Pipeline(BuildRequest req, Reporter reporter) {
        this.req = req;
        this.reporter = reporter;
    }

    public static BuildResult run(BuildRequest req, Reporter reporter) throws BuildException {
        return new Pipeline(req, reporter).run();
    }

    private void verbose(String s) {
        if (req.verbose()) req.out().println(s);
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws BuildException;
    }

    private <T> T timed(String stage, Step<T> step) throws BuildException {
        long t0 = System.nanoTime();
        try {
            return step.run();
        } finally {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            timings.merge(stage, ms, Long::sum);
            verbose("[" + stage + "] " + ms + " ms");
        }
    }

    private BuildResult run() throws BuildException {
        String passes = validate();
        timed("kernel-targets", () -> {
            AttachTargetCheck.warn(req.sections(), req.isBuild() ? req.packageDir() : null, reporter, KernelTargets.running());
            return null;
        });
        tools = timed("discover-tools", () -> Toolchain.discover(new ToolLocator(req.toolOverrides())
                .probeTimeout(req.timeout()), req.isBuild()));
        llvm = new SubprocessLlvmBackend(tools, req.timeout(), req.verbose() ? req.out()::println : null);
        BuildCache cache = req.cache() ? BuildCache.open(req.cacheDir()) : null;
        if (cache != null) {
            cache.requireTrusted();
            verbose("[cache] " + cache.dir());
        }
        Path sourceRoot = req.isBuild() ? req.packageDir().toAbsolutePath().normalize() : null;
        String sources = null;
        String objectKey = null;
        if (cache != null && req.isBuild()) {
            sources = timed("hash-sources", () -> hashSources(sourceRoot));
            objectKey = objectKey(sources, tools, passes);
            // Intermediates were asked for: run the stages (they still hit their own caches).
            if (!req.keepTemp() && req.tmpDir() == null && !req.dumpIr()) {
                var hit = cache.get(objectKey);
                if (hit.isPresent()) {
                    Notes n = Notes.parse(hit.get().notes(), noteRoots(sourceRoot));
                    n.replay(reporter);
                    verbose("[cache] hit: object " + objectKey.substring(0, 12));
                    byte[] obj = hit.get().data();
                    if (req.verifyKernel()) timed("kernel-verify", () -> verifyBytes(obj));
                    timed("finalize", () -> {
                        writeAtomically(obj, req.output());
                        return null;
                    });
                    return new BuildResult(req.output(), null, n.programs(), reporter.diagnostics(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings)));
                }
            }
        }
        Path work = workDir();
        if (req.keepTemp()) io.tinybpf.util.ExitCleanup.forget(work); // asked for: kept even when interrupted
        boolean success = false;
        int notesFrom = reporter.diagnostics().size();
        try {
            Path linked;
            if (req.isBuild()) {
                Path dir = sourceRoot;
                String src = sources;
                linked = timed("tinygo-compile", () -> cached(cache, src == null ? null
                        : new BuildCache.Key("tinygo").add(src).add(SourceHash.tool(tools.tinygo().path()))
                                .add(SourceHash.tool(io.tinybpf.toolchain.GoCommand.locate().orElse(null))).add(resource("/io/tinybpf/toolchain/tinygo-target.json"))
                                .add(String.join(" ", TinyGo.FLAGS)).hex(),
                        work.resolve("program.ll"), () -> TinyGo.compile(tools.tinygo(), dir, work, req.timeout(), this::verbose)));
            } else {
                List<Path> modules = timed("input-normalization", () -> normalize(llvm, work));
                linked = timed("llvm-link", () -> link(llvm, modules, work));
            }
            Path transformed = work.resolve("02-transformed.ll");
            Path root = sourceRoot;
            Transformer.Result tr = timed("transform", () -> transformCached(cache, linked, transformed, root, work));
            releaseLargeModule(transformed);
            Path optimized = work.resolve("03-optimized.ll");
            timed("opt", () -> cached(cache, cache == null ? null : new BuildCache.Key("opt").add(SourceHash.tool(tools.opt().path()))
                    .add(hashOf(transformed)).add(passes).add(req.cpu()).hex(), optimized, () -> {
                        llvm.optimize(transformed, optimized, passes, req.cpu());
                        return optimized;
                    }));
            timed("post-opt", () -> {
                postOpt(optimized, tr.programs(), root);
                return null;
            });
            releaseLargeModule(optimized);
            Path object = work.resolve("04-codegen.o");
            timed("llc", () -> cached(cache, cache == null ? null : new BuildCache.Key("llc").add(SourceHash.tool(tools.llc().path()))
                    .add(hashOf(optimized)).add(req.cpu()).add(referencedSources(optimized, root)).hex(), object, () -> {
                        llvm.codegen(optimized, object, req.cpu(), root);
                        return object;
                    }));
            byte[] obj = readBytes(object);
            timed("elf-validate", () -> {
                ObjectChecks.validate(obj, reporter);
                return null;
            });
            if (req.verifyKernel()) {
                timed("kernel-verify", () -> {
                    KernelCheck.verify(object, reporter);
                    return null;
                });
            }
            timed("finalize", () -> {
                writeAtomically(obj, req.output());
                return null;
            });
            if (cache != null && objectKey != null) {
                List<Diagnostic> produced = reporter.diagnostics().subList(notesFrom, reporter.diagnostics().size());
                cache.put(objectKey, obj, new Notes(tr.programs(), produced).toJson(noteRoots(sourceRoot)));
                maybeEvict(cache);
            }
            success = true;
            return new BuildResult(req.output(), req.keepTemp() || req.tmpDir() != null ? work : null, tr.programs(),
                    reporter.diagnostics(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings)));
        } finally {
            if (!req.keepTemp() && req.tmpDir() == null) io.tinybpf.util.AtomicFiles.deleteTree(work);
            else if (!success) verbose("intermediates kept in " + work);
            io.tinybpf.util.ExitCleanup.forget(work);
        }
    }

    /** The key of the whole build: sources, tools, tinybpf itself and every option that shapes the object. */
    private String objectKey(String sources, Toolchain tools, String passes) {
        BuildCache.Key k = new BuildCache.Key("object").add(io.tinybpf.TinyBpf.buildId()).add(sources)
                .add(SourceHash.tool(tools.tinygo().path())).add(SourceHash.tool(io.tinybpf.toolchain.GoCommand.locate().orElse(null)))
                .add(SourceHash.tool(tools.opt().path())).add(SourceHash.tool(tools.llc().path()))
                .add(passes).add(req.cpu()).add(req.license()).add(String.join(",", req.programs()));
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(req.sections()).entrySet()) k.add(e.getKey() + "=" + e.getValue());
        return k.hex();
    }

    @FunctionalInterface
    private interface Producer {
        Path produce() throws BuildException;
    }

    /** Runs a stage through the cache: a hit copies the artifact to {@code out}. */
    private Path cached(BuildCache cache, String key, Path out, Producer producer) throws BuildException {
        if (cache == null || key == null) return producer.produce();
        var hit = cache.get(key);
        if (hit.isPresent()) {
            writeBytes(out, hit.get().data());
            verbose("[cache] hit " + out.getFileName() + " " + key.substring(0, 12));
            return out;
        }
        Path p = producer.produce();
        cache.put(key, readBytes(p), "");
        return p;
    }

    private Transformer.Result transformCached(BuildCache cache, Path in, Path out, Path root, Path work) throws BuildException {
        if (cache == null || req.dumpIr()) return transform(in, out, root, work);
        BuildCache.Key k = new BuildCache.Key("transform").add(io.tinybpf.TinyBpf.buildId()).add(hashOf(in))
                .add(SourceHash.tool(tools.opt().path())).add(OptProfiles.PRE_TRANSFORM).add(kernelBtfIdentity(in))
                .add(String.join(",", req.programs())).add(req.license()).add(root == null ? "" : root.toString())
                .add(req.isBuild() ? "build" : "link");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(req.sections()).entrySet()) k.add(e.getKey() + "=" + e.getValue());
        String key = k.hex();
        var hit = cache.get(key);
        if (hit.isPresent()) {
            Notes n = Notes.parse(hit.get().notes(), noteRoots(root));
            n.replay(reporter);
            writeBytes(out, hit.get().data());
            verbose("[cache] hit 02-transformed.ll " + key.substring(0, 12));
            return new Transformer.Result(n.programs());
        }
        int from = reporter.diagnostics().size();
        Transformer.Result r = transform(in, out, root, work);
        cache.put(key, readBytes(out), new Notes(r.programs(), reporter.diagnostics().subList(from, reporter.diagnostics().size()))
                .toJson(noteRoots(root)));
        return r;
    }

    /** Cached positions are stored relative to the Go module's root, so a hit in a copy of the module names its files. */
    private static Notes.Roots noteRoots(Path packageDir) {
        return packageDir == null ? null : new Notes.Roots(SourceHash.moduleRoot(packageDir), packageDir);
    }

    /** Contents of the source files the debug info names: llc copies their lines into BTF line info. */
    private static String referencedSources(Path ir, Path root) throws BuildException {
        BuildCache.Key k = new BuildCache.Key("sources");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("!DIFile\\(filename: \"([^\"]*)\", directory: \"([^\"]*)\"")
                .matcher(read(ir, Stage.LLC));
        java.util.TreeSet<String> files = new java.util.TreeSet<>();
        while (m.find()) files.add(m.group(2) + "/" + m.group(1));
        for (String f : files) {
            Path p = Path.of(f);
            if (!p.isAbsolute() && root != null) p = root.resolve(f);
            k.add(f);
            try {
                if (Files.isRegularFile(p)) k.add(Files.readAllBytes(p));
            } catch (IOException ignored) {
                // unreadable: llc cannot read it either
            }
        }
        return k.hex();
    }

    private static void maybeEvict(BuildCache cache) {
        Path marker = cache.dir().resolve(".last-eviction");
        try {
            if (Files.exists(marker) && System.currentTimeMillis() - Files.getLastModifiedTime(marker).toMillis() < 3_600_000) return;
            Files.createDirectories(cache.dir());
            Files.writeString(marker, "");
        } catch (IOException e) {
            return;
        }
        cache.evict();
    }

    /** Loads the source-hashing code for the AOT cache's training run. */
    public static String hashForTraining(Path dir) throws BuildException {
        return hashSources(dir);
    }

    private static String hashSources(Path root) throws BuildException {
        try {
            return SourceHash.module(root);
        } catch (IOException e) {
            throw new BuildException(Stage.CACHE, "cannot read the package sources: " + e.getMessage());
        }
    }

    private static String hashOf(Path p) throws BuildException {
        try {
            return SourceHash.file(p);
        } catch (IOException e) {
            throw new BuildException(Stage.CACHE, "cannot read " + p + ": " + e.getMessage());
        }
    }

    private static byte[] readBytes(Path p) throws BuildException {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new BuildException(Stage.CACHE, "cannot read " + p + ": " + e.getMessage());
        }
    }

    private static void writeBytes(Path p, byte[] b) throws BuildException {
        try {
            Files.write(p, b);
        } catch (IOException e) {
            throw new BuildException(Stage.CACHE, "cannot write " + p + ": " + e.getMessage());
        }
    }

    /** Request checks that need no tools; returns the opt pipeline. */
    private String validate() throws BuildException {
        if (req.isBuild() && !req.inputs().isEmpty()) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "give either a Go package or --input files, not both");
        }
        if (!req.isBuild() && req.inputs().isEmpty()) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "no inputs provided", "provide at least one --input file");
        }
        if (req.isBuild() && !Files.isDirectory(req.packageDir())) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "package directory " + req.packageDir() + " does not exist",
                    "pass the directory of the Go package holding the BPF program, e.g. ./bpf");
        }
        for (Path in : req.inputs()) {
            String ext = extension(in);
            if (!List.of("ll", "bc", "o", "a").contains(ext)) {
                throw new BuildException(Stage.INPUT_NORMALIZATION, "unsupported input format " + in, "inputs are .ll, .bc, .o or .a files");
            }
            if (!Files.isRegularFile(in)) throw new BuildException(Stage.INPUT_NORMALIZATION, "input " + in + " does not exist");
        }
        if (!CPUS.contains(req.cpu())) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "unknown --cpu \"" + req.cpu() + "\"",
                    "use v1, v2, v3 or v4 (v3, the default, needs Linux 5.1; v4 adds signed division and needs 6.6)");
        }
        SectionCheck.validate(req.sections(), req.programType());
        checkOutput();
        if (req.passPipeline() != null && !req.passPipeline().isBlank()) return OptProfiles.withBpfPasses(req.passPipeline());
        String p = OptProfiles.pipeline(req.optProfile());
        if (p == null) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "unknown --opt-profile \"" + req.optProfile() + "\"",
                    "use one of: " + String.join(", ", OptProfiles.PROFILES.keySet()) + " (or --pass-pipeline)");
        }
        return p;
    }

    /** BPF ISA versions llc knows; "probe" would make the object depend on the build host's kernel. */
    static final List<String> CPUS = List.of("v1", "v2", "v3", "v4");

    /**
     * The output must not be a directory, an input, or a source of the package ({@code -o main.go}
     * would replace the program with an ELF file).
     */
    private void checkOutput() throws BuildException {
        Path out = req.output().toAbsolutePath().normalize();
        String hint = "choose another -o/--output (e.g. build/" + (req.isBuild() ? "prog" : "out") + ".bpf.o)";
        if (Files.isDirectory(out)) throw new BuildException(Stage.FINALIZE, "output " + req.output() + " is a directory", hint);
        for (Path in : req.inputs()) {
            if (sameFile(in, out)) throw new BuildException(Stage.FINALIZE, "output " + req.output() + " is the input " + in, hint);
        }
        if (req.isBuild()) {
            String n = out.getFileName().toString();
            boolean source = n.endsWith(".go") || n.equals("go.mod") || n.equals("go.sum") || n.equals("go.work")
                    || n.equals("go.work.sum") || n.equals(io.tinybpf.config.ProjectConfig.FILE_NAME);
            Path dir = real(out.getParent());
            if (source) {
                for (Path root : SourceHash.sourceDirs(req.packageDir())) {
                    if (dir.startsWith(real(root))) {
                        throw new BuildException(Stage.FINALIZE, "output " + req.output() + " is a source file of the package's module "
                                + "(" + root + ")", hint);
                    }
                }
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The real path of {@code p}, or of its nearest existing ancestor joined with the rest. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        for (Path d = abs; d != null; d = d.getParent()) {
            try {
                return d.toRealPath().resolve(d.relativize(abs));
            } catch (IOException e) {
                // not there yet: try the parent
            }
        }
        return abs;
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Marks a directory tinybpf made as a work directory, so a later {@code --tmpdir} run may reuse it. */
    static final String WORK_MARKER = ".tinybpf-work";

    /** Where work directories go (for tests): {@link io.tinybpf.util.TempDirs#base()}. */
    public static Path tempRoot() {
        return io.tinybpf.util.TempDirs.base();
    }

    /**
     * A fresh private work directory (mode 0700, random name, removed on every exit path including
     * Ctrl-C), or the {@code --tmpdir} directory: created if missing, else used only when it is the
     * user's own, nobody else can write it, and it is empty or a previous tinybpf work directory
     * (whose contents are cleared), so nothing planted there can redirect a write.
     */
    private Path workDir() throws BuildException {
        try {
            if (req.tmpDir() != null) return chosenWorkDir(req.tmpDir().toAbsolutePath().normalize());
            Path root = io.tinybpf.util.TempDirs.base();
            io.tinybpf.util.Trust.requireParent(root, "temporary directory");
            Path w = io.tinybpf.util.TempDirs.createDirectory("tinybpf-");
            io.tinybpf.util.ExitCleanup.register(w);
            return w;
        } catch (io.tinybpf.util.Trust.UntrustedException e) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, e.getMessage(), req.tmpDir() != null
                    ? "name a new directory with --tmpdir (tinybpf creates it), or one you own that nobody else can write"
                    : "set TMPDIR to a directory of your own");
        } catch (IOException e) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "cannot create a work directory: " + e.getMessage(), "check that "
                    + io.tinybpf.util.TempDirs.describe() + " exists and is writable, or pass --tmpdir <dir>");
        }
    }

    private static Path chosenWorkDir(Path d) throws IOException, io.tinybpf.util.Trust.UntrustedException, BuildException {
        if (!Files.exists(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            io.tinybpf.util.Trust.createPrivateDirectories(d, "--tmpdir");
        } else {
            io.tinybpf.util.Trust.require(d, "--tmpdir");
            if (!Files.isDirectory(d)) throw new BuildException(Stage.INPUT_NORMALIZATION, "--tmpdir " + d + " is not a directory");
            List<Path> entries;
            try (var s = Files.list(d)) {
                entries = s.toList();
            }
            boolean ours = Files.isRegularFile(d.resolve(WORK_MARKER), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!entries.isEmpty() && !ours) {
                throw new BuildException(Stage.INPUT_NORMALIZATION, "--tmpdir " + d + " is not empty and is not a tinybpf work directory",
                        "name an empty or new directory: tinybpf never writes into a directory holding files it did not make");
            }
            // a previous run's intermediates: remove them, so nothing stale is mistaken for this run's
            for (Path e : entries) if (!e.getFileName().toString().equals(WORK_MARKER)) io.tinybpf.util.AtomicFiles.deleteTree(e);
        }
        Files.write(d.resolve(WORK_MARKER), new byte[0]);
        return d;
    }

    /** .ll/.bc as they are; bitcode out of .o files; members out of .a archives (in parallel with --jobs). */
    private List<Path> normalize(LlvmBackend llvm, Path work) throws BuildException {
        List<List<Path>> perInput = new ArrayList<>();
        if (req.jobs() > 1 && req.inputs().size() > 1) {
            try (ExecutorService ex = Executors.newFixedThreadPool(req.jobs())) {
                List<Future<List<Path>>> fs = new ArrayList<>();
                for (int i = 0; i < req.inputs().size(); i++) {
                    int idx = i;
                    fs.add(ex.submit(io.tinybpf.util.Env.carry(() -> normalizeOne(llvm, work, idx))));
                }
                List<Diagnostic> problems = new ArrayList<>();
                for (Future<List<Path>> f : fs) {
                    try {
                        perInput.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof BuildException b) problems.addAll(b.problems());
                        else throw new BuildException(Stage.INPUT_NORMALIZATION, String.valueOf(e.getCause()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new BuildException(Stage.INPUT_NORMALIZATION, "interrupted");
                    }
                }
                if (!problems.isEmpty()) throw BuildException.of(Stage.INPUT_NORMALIZATION, problems, null);
            }
        } else {
            for (int i = 0; i < req.inputs().size(); i++) perInput.add(normalizeOne(llvm, work, i));
        }
        List<Path> out = new ArrayList<>();
        perInput.forEach(out::addAll);
        if (out.isEmpty()) {
            throw new BuildException(Stage.INPUT_NORMALIZATION, "no LLVM modules in the inputs", "archives must hold .ll, .bc or .o members with bitcode");
        }
        return out;
    }

    private List<Path> normalizeOne(LlvmBackend llvm, Path work, int i) throws BuildException {
        Path in = req.inputs().get(i).toAbsolutePath();
        String base = in.getFileName().toString();
        return switch (extension(in)) {
            case "ll", "bc" -> List.of(in);
            case "o" -> {
                Path bc = work.resolve(i + "_" + base + ".llvmbc.bc");
                llvm.extractBitcode(in, bc);
                yield List.of(bc);
            }
            default -> {
                List<Path> modules = new ArrayList<>();
                for (Path member : llvm.unpackArchive(in, work.resolve(i + "_" + base + ".members"))) {
                    switch (extension(member)) {
                        case "ll", "bc" -> modules.add(member);
                        case "o" -> {
                            Path bc = member.resolveSibling(member.getFileName() + ".llvmbc.bc");
                            llvm.extractBitcode(member, bc);
                            modules.add(bc);
                        }
                        default -> { }
                    }
                }
                if (modules.isEmpty()) {
                    throw new BuildException(Stage.INPUT_NORMALIZATION, "archive " + in + " holds no LLVM modules",
                            "expected .ll/.bc members or .o members with embedded bitcode");
                }
                yield modules;
            }
        };
    }

    /** One textual module: a single .ll input is used directly (llvm-link would only copy it). */
    private Path link(LlvmBackend llvm, List<Path> modules, Path work) throws BuildException {
        if (modules.size() == 1 && extension(modules.getFirst()).equals("ll")) {
            // not copied through llvm-link, but checked by LLVM all the same: the passes only ever see valid IR
            llvm.verify(modules.getFirst());
            return modules.getFirst();
        }
        Path out = work.resolve("01-linked.ll");
        llvm.link(modules, out);
        return out;
    }

    /**
     * What tinybpf refuses in IR text that LLVM itself reads: NUL bytes, which LLVM's lexer skips
     * like spaces, and line breaks inside a quoted string or name, which LLVM allows. No compiler
     * writes either (LLVM prints such bytes as {@code \XX}); tinybpf's reader, which splits entities
     * at line ends, would misread them. Null when the text is fine.
     */
    public static String irTextProblem(String text) {
        int line = 1;
        boolean inString = false, inComment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') return "contains a NUL byte (line " + line + ")";
            if (c == '\n') {
                if (inString) return "has a line break inside a quoted string (line " + line + ")";
                inComment = false;
                line++;
            } else if (!inComment && c == '"') {
                inString = !inString;
            } else if (!inString && c == ';') {
                inComment = true;
            }
        }
        return null;
    }

    private Transformer.Result transform(Path in, Path out, Path sourceRoot, Path work) throws BuildException {
        Module m = parseIr(in);
        TransformOptions opts = new TransformOptions(req.programs(), req.sections(), req.license(), sourceRoot, kernelBtf(),
                req.isBuild() ? TransformOptions.Mode.BUILD : TransformOptions.Mode.LINK);
        if (req.isBuild() || Transformer.hasGoCode(m, opts)) {
            // TinyGo's unoptimized IR (built here, or handed to link): early passes, then a light optimization, then all passes
            Transformer.runEarly(m, opts);
            Path early = work.resolve("01-early.ll"), pre = work.resolve("01-preopt.ll");
            write(early, m.print(), Stage.TRANSFORM);
            llvm.optimize(early, pre, OptProfiles.PRE_TRANSFORM, req.cpu());
            m = parseIr(pre);
        }
        Path dumpDir = work.resolve("dump-ir");
        Transformer.DumpSink dump = null;
        if (req.dumpIr()) {
            try {
                Files.createDirectories(dumpDir);
            } catch (IOException e) {
                throw new BuildException(Stage.TRANSFORM, "cannot create " + dumpDir + ": " + e.getMessage());
            }
            verbose("[dump-ir] writing snapshots to " + dumpDir);
            dump = (i, name, ir) -> {
                Path f = dumpDir.resolve(String.format("%02d-%s.ll", i, name));
                try {
                    Files.writeString(f, ir);
                } catch (IOException e) {
                    req.err().println("warning: cannot write " + f + ": " + e.getMessage());
                }
            };
        }
        Transformer.Result r = Transformer.run(m, opts, dump);
        for (Diagnostic w : r.warnings()) reporter.report(w);
        try {
            m.writeTo(out);
        } catch (IOException e) {
            throw new BuildException(Stage.TRANSFORM, "cannot write " + out + ": " + e.getMessage());
        }
        return r;
    }

    /** What of the kernel BTF the transform depends on: its identity, when the program calls kfuncs. */
    private static String kernelBtfIdentity(Path ir) throws BuildException {
        Path k = kernelBtf();
        if (k == null || !read(ir, Stage.TRANSFORM).contains("bpfKfunc")) return "";
        try {
            return k + ":" + Files.size(k) + ":" + Files.getLastModifiedTime(k).toMillis();
        } catch (IOException e) {
            return "";
        }
    }

    /** The running kernel's BTF, when readable: kfunc prototypes are matched against it. */
    static Path kernelBtf() {
        Path p = Path.of("/sys/kernel/btf/vmlinux");
        return Files.isReadable(p) ? p : null;
    }

    private static Module parseIr(Path in) throws BuildException {
        String text = read(in, Stage.TRANSFORM);
        String bad = irTextProblem(text);
        if (bad != null) {
            throw new BuildException(Stage.TRANSFORM, in.getFileName() + " " + bad, "LLVM assembly is text: write the IR as llvm-dis or clang -S print it");
        }
        try {
            return Module.parse(text);
        } catch (IrParseException e) {
            throw new BuildException(Stage.TRANSFORM, "malformed LLVM IR in " + in.getFileName() + ": " + e.getMessage(),
                    "the input must be LLVM assembly as TinyGo or clang print it");
        }
    }

    private void postOpt(Path optimized, Map<String, String> programs, Path sourceRoot) throws BuildException {
        Module m;
        try {
            m = Module.parse(read(optimized, Stage.OPT));
        } catch (IrParseException e) {
            throw new BuildException(Stage.OPT, "cannot read opt's output: " + e.getMessage());
        }
        List<Diagnostic> errors = new ArrayList<>();
        PostOpt.Result r = PostOpt.run(m, programs, sourceRoot, reporter, errors, !req.cpu().equals("v4"));
        if (!errors.isEmpty()) throw BuildException.of(Stage.OPT, errors, null);
        if (r.changed()) write(optimized, r.ir(), Stage.OPT);
    }

    /**
     * After a stage that parsed a large module (a multi-megabyte IR file): the module lived
     * through the stage's young collections, so with the serial collector its garbage sits in the
     * old generation until the heap fills, and the next stage's module would be stacked on top of
     * it. Collecting here keeps a 100k-line link's peak memory near one module's working set
     * instead of two (measured in docs/performance.md). Small builds skip it: there a full
     * collection costs more than it saves.
     */
    private static void releaseLargeModule(Path ir) {
        try {
            if (Files.size(ir) > LARGE_MODULE_BYTES) System.gc();
        } catch (IOException e) {
            // nothing to release
        }
    }

    private static final long LARGE_MODULE_BYTES = 2L << 20;

    private static String read(Path p, Stage stage) throws BuildException {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BuildException(stage, p.getFileName() + " is not valid UTF-8 text (byte " + e.getInputLength() + " of a sequence is invalid)",
                    "LLVM assembly is UTF-8; write other bytes as \\XX escapes in strings");
        } catch (IOException e) {
            throw new BuildException(stage, "cannot read " + p + ": " + e.getMessage());
        }
    }

    private static void write(Path p, String s, Stage stage) throws BuildException {
        try {
            Files.writeString(p, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildException(stage, "cannot write " + p + ": " + e.getMessage());
        }
    }

    /** The kernel check of a cached object: it is written to a private temporary file first. */
    private Void verifyBytes(byte[] obj) throws BuildException {
        Path tmp = null;
        try {
            tmp = io.tinybpf.util.TempDirs.createFile("tinybpf-verify-", ".o");
            io.tinybpf.util.ExitCleanup.register(tmp);
            Files.write(tmp, obj);
            KernelCheck.verify(tmp, reporter);
        } catch (IOException e) {
            throw new BuildException(Stage.KERNEL_VERIFY, "cannot write a temporary object: " + e.getMessage());
        } finally {
            if (tmp != null) {
                io.tinybpf.util.ExitCleanup.forget(tmp);
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
        return null;
    }

    static void writeAtomically(byte[] data, Path to) throws BuildException {
        try {
            io.tinybpf.util.AtomicFiles.write(to, data);
        } catch (IOException e) {
            throw new BuildException(Stage.FINALIZE, "cannot write " + to + ": " + e.getMessage(), "check the output directory is writable");
        }
    }

    /** Resource text (e.g. the TinyGo target definition). */
    static String resource(String name) {
        try (InputStream in = Pipeline.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
