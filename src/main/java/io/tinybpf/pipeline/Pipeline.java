package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Stage;
import io.tinybpf.toolchain.LlvmBackend;
import io.tinybpf.toolchain.SubprocessLlvmBackend;
import io.tinybpf.toolchain.Toolchain;
import io.tinybpf.transform.Transformer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One build, as a sequence of {@link BuildStage}s run by a {@link StageRunner}: [TinyGo] →
 * normalize inputs → llvm-link → transform → opt → post-opt checks → llc → validate →
 * [kernel verifier] → atomic write. A failed build leaves no output file behind. What each
 * cached result depends on is in {@link CacheKeys}.
 */
public final class Pipeline {
    private final BuildRequest req;
    private final Reporter reporter;

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

    private BuildResult run() throws BuildException {
        String passes = validate();
        BuildCache cache = req.cache() ? BuildCache.open(req.cacheDir()) : null;
        StageRunner stages = new StageRunner(cache, this::verbose);
        stages.run(new Stages.CheckAttachTargets(reporter), req);
        Toolchain tools = stages.run(new Stages.DiscoverTools(), req);
        LlvmBackend llvm = new SubprocessLlvmBackend(tools, req.timeout(), req.verbose() ? req.out()::println : null);
        CacheKeys keys = new CacheKeys(req, tools, passes);
        if (cache != null) {
            cache.requireTrusted();
            verbose("[cache] " + cache.dir());
        }
        Path sourceRoot = req.isBuild() ? req.packageDir().toAbsolutePath().normalize() : null;
        String sources = null;
        String objectKey = null;
        if (cache != null && req.isBuild()) {
            sources = stages.run(new Stages.HashSources(), sourceRoot);
            objectKey = keys.object(sources);
            // Intermediates were asked for: run the stages (they still hit their own caches).
            if (!req.keepTemp() && req.tmpDir() == null && !req.dumpIr()) {
                var hit = cache.get(objectKey);
                if (hit.isPresent()) {
                    Notes n = Notes.parse(hit.get().notes(), noteRoots(sourceRoot));
                    n.replay(reporter);
                    verbose("[cache] hit: object " + objectKey.substring(0, 12));
                    byte[] obj = hit.get().data();
                    if (req.verifyKernel()) verifyBytes(stages, obj);
                    stages.run(new Stages.WriteObject(req.output()), obj);
                    return new BuildResult(req.output(), null, n.programs(), reporter.diagnostics(), stages.timings());
                }
            }
        }
        Path work = workDir();
        if (req.keepTemp()) io.tinybpf.util.ExitCleanup.forget(work); // asked for: kept even when interrupted
        boolean success = false;
        int notesFrom = reporter.diagnostics().size();
        try {
            Stages.Build b = new Stages.Build(req, reporter, tools, llvm, keys, work, sourceRoot, this::verbose);
            Path linked = req.isBuild() ? stages.run(new Stages.CompileGo(b), sources)
                    : stages.run(new Stages.LinkModules(b), stages.run(new Stages.NormalizeInputs(b), req.inputs()));
            Stages.TransformIr transform = new Stages.TransformIr(b, cache);
            Transformer.Result tr = stages.run(transform, linked);
            releaseLargeModule(transform.output());
            Path optimized = stages.run(new Stages.Optimize(b, passes), transform.output());
            stages.run(new Stages.CheckOptimized(b, tr.programs()), optimized);
            releaseLargeModule(optimized);
            Path object = stages.run(new Stages.Codegen(b), optimized);
            byte[] obj = stages.run(new Stages.ValidateObject(reporter), Artifacts.readBytes(object));
            if (req.verifyKernel()) stages.run(new Stages.VerifyInKernel(req.verifier(), reporter), object);
            stages.run(new Stages.WriteObject(req.output()), obj);
            if (cache != null && objectKey != null) {
                List<Diagnostic> produced = reporter.diagnostics().subList(notesFrom, reporter.diagnostics().size());
                cache.put(objectKey, obj, new Notes(tr.programs(), produced).toJson(noteRoots(sourceRoot)));
                maybeEvict(cache);
            }
            success = true;
            return new BuildResult(req.output(), req.keepTemp() || req.tmpDir() != null ? work : null, tr.programs(),
                    reporter.diagnostics(), stages.timings());
        } finally {
            if (!req.keepTemp() && req.tmpDir() == null) io.tinybpf.util.AtomicFiles.deleteTree(work);
            else if (!success) verbose("intermediates kept in " + work);
            io.tinybpf.util.ExitCleanup.forget(work);
        }
    }

    /** Cached positions are stored relative to the Go module's root, so a hit in a copy of the module names its files. */
    static Notes.Roots noteRoots(Path packageDir) {
        return packageDir == null ? null : new Notes.Roots(SourceHash.moduleRoot(packageDir), packageDir);
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
        return new Stages.HashSources().run(dir);
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
            String ext = Stages.extension(in);
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

    /**
     * What tinybpf refuses in IR text that LLVM itself reads: NUL bytes, which LLVM's lexer skips
     * like spaces, and line breaks inside a quoted string or name, which LLVM allows. No compiler
     * writes either (LLVM prints such bytes as {@code \XX}); tinybpf's reader, which splits entities
     * at line ends, would misread them. Null when the text is fine.
     */
    public static String irTextProblem(String text) {
        // jumps between the characters that matter (indexOf is vectorized): a multi-megabyte module is read on every build
        int nul = text.indexOf('\0');
        int len = text.length(), line = 1;
        for (int i = 0; i < len; line++) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? len : nl;
            if (nul >= 0 && nul < end) return "contains a NUL byte (line " + line + ")";
            for (int p = i; p < end; ) {
                int quote = text.indexOf('"', p, end), semi = text.indexOf(';', p, end);
                if (quote < 0 || semi >= 0 && semi < quote) break; // no string, or a comment first: the rest of the line is free text
                int close = text.indexOf('"', quote + 1, end);
                if (close < 0) {
                    if (nl < 0) break; // unterminated at the very end: no line break inside it
                    return "has a line break inside a quoted string (line " + line + ")";
                }
                p = close + 1;
            }
            i = end + 1;
        }
        return null;
    }

    /**
     * After a stage that parsed a large module (a multi-megabyte IR file): the module lived
     * through the stage's young collections, so with the serial collector its garbage sits in the
     * old generation until the heap fills, and the next stage's module would be stacked on top of
     * it. Collecting here keeps a 100k-line link's peak memory near one module's working set
     * instead of two (measured in docs/performance.md). Small builds skip it: there a full
     * collection costs more than it saves. Every caller runs a tool (opt, llc) next, so the
     * collection runs on its own thread, its pause overlapping the tool instead of delaying it.
     */
    static void releaseLargeModule(Path ir) {
        try {
            if (Files.size(ir) <= LARGE_MODULE_BYTES) return;
        } catch (IOException e) {
            return; // nothing to release
        }
        Thread.ofPlatform().daemon().name("tinybpf-release").start(System::gc);
    }

    static final long LARGE_MODULE_BYTES = 2L << 20;

    /** The kernel check of a cached object: it is written to a private temporary file first. */
    private void verifyBytes(StageRunner stages, byte[] obj) throws BuildException {
        Path tmp = null;
        try {
            tmp = io.tinybpf.util.TempDirs.createFile("tinybpf-verify-", ".o");
            io.tinybpf.util.ExitCleanup.register(tmp);
            Files.write(tmp, obj);
            stages.run(new Stages.VerifyInKernel(req.verifier(), reporter), tmp);
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
