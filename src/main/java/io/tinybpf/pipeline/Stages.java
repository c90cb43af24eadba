package io.tinybpf.pipeline;

import io.tinybpf.bpf.KernelTargets;
import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Stage;
import io.tinybpf.ir.IrParseException;
import io.tinybpf.ir.Module;
import io.tinybpf.toolchain.LlvmBackend;
import io.tinybpf.toolchain.ToolLocator;
import io.tinybpf.toolchain.Toolchain;
import io.tinybpf.transform.PostOpt;
import io.tinybpf.transform.TransformOptions;
import io.tinybpf.transform.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** The stages of a build, in the order {@link Pipeline} runs them. */
final class Stages {
    private Stages() {}

    /** What every stage after tool discovery shares: the request, where warnings go, the tools, the work directory. */
    record Build(BuildRequest req, Reporter reporter, Toolchain tools, LlvmBackend llvm, CacheKeys keys, Path work, Path sourceRoot,
                 Consumer<String> verbose) {}

    /** The attach targets of the sections, against the build machine's kernel: warnings at the //export lines. */
    record CheckAttachTargets(Reporter reporter) implements BuildStage<BuildRequest, Void> {
        public Stage stage() {
            return Stage.KERNEL_TARGETS;
        }

        public Void run(BuildRequest req) {
            AttachTargetCheck.warn(req.sections(), req.isBuild() ? req.packageDir() : null, reporter, KernelTargets.running());
            return null;
        }
    }

    /** TinyGo (for a build), opt, llc and the rest, with their versions checked. */
    record DiscoverTools() implements BuildStage<BuildRequest, Toolchain> {
        public Stage stage() {
            return Stage.DISCOVER_TOOLS;
        }

        public Toolchain run(BuildRequest req) throws BuildException {
            return Toolchain.discover(new ToolLocator(req.toolOverrides()).probeTimeout(req.timeout()), req.isBuild());
        }
    }

    /** The digest of the package's module sources that keys the cache. */
    record HashSources() implements BuildStage<Path, String> {
        public Stage stage() {
            return Stage.HASH_SOURCES;
        }

        public String run(Path root) throws BuildException {
            try {
                return SourceHash.module(root);
            } catch (IOException e) {
                throw new BuildException(Stage.CACHE, "cannot read the package sources: " + e.getMessage());
            }
        }
    }

    /** TinyGo: the package to unoptimized LLVM IR. Input: the sources' digest (null without a cache). */
    record CompileGo(Build b) implements BuildStage.FileStage<String> {
        public Stage stage() {
            return Stage.TINYGO_COMPILE;
        }

        public String key(String sources) {
            return sources == null ? null : b.keys().tinygo(sources);
        }

        public Path output() {
            return b.work().resolve("program.ll");
        }

        public Path run(String sources) throws BuildException {
            return TinyGo.compile(b.tools().tinygo(), b.sourceRoot(), b.work(), b.req().timeout(), b.verbose());
        }
    }

    /** link's inputs to LLVM modules: .ll/.bc as they are, bitcode out of .o files, members out of .a archives (in parallel with --jobs). */
    record NormalizeInputs(Build b) implements BuildStage<List<Path>, List<Path>> {
        public Stage stage() {
            return Stage.INPUT_NORMALIZATION;
        }

        public List<Path> run(List<Path> inputs) throws BuildException {
            List<List<Path>> perInput = new ArrayList<>();
            int jobs = b.req().jobs();
            if (jobs > 1 && inputs.size() > 1) {
                try (ExecutorService ex = Executors.newFixedThreadPool(jobs)) {
                    List<Future<List<Path>>> fs = new ArrayList<>();
                    for (int i = 0; i < inputs.size(); i++) {
                        int idx = i;
                        fs.add(ex.submit(io.tinybpf.util.Env.carry(() -> one(inputs, idx))));
                    }
                    List<Diagnostic> problems = new ArrayList<>();
                    for (Future<List<Path>> f : fs) {
                        try {
                            perInput.add(f.get());
                        } catch (java.util.concurrent.ExecutionException e) {
                            if (e.getCause() instanceof BuildException be) problems.addAll(be.problems());
                            else throw new BuildException(Stage.INPUT_NORMALIZATION, String.valueOf(e.getCause()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new BuildException(Stage.INPUT_NORMALIZATION, "interrupted");
                        }
                    }
                    if (!problems.isEmpty()) throw BuildException.of(Stage.INPUT_NORMALIZATION, problems, null);
                }
            } else {
                for (int i = 0; i < inputs.size(); i++) perInput.add(one(inputs, i));
            }
            List<Path> out = new ArrayList<>();
            perInput.forEach(out::addAll);
            if (out.isEmpty()) {
                throw new BuildException(Stage.INPUT_NORMALIZATION, "no LLVM modules in the inputs", "archives must hold .ll, .bc or .o members with bitcode");
            }
            return out;
        }

        private List<Path> one(List<Path> inputs, int i) throws BuildException {
            LlvmBackend llvm = b.llvm();
            Path in = inputs.get(i).toAbsolutePath();
            String base = in.getFileName().toString();
            return switch (extension(in)) {
                case "ll", "bc" -> List.of(in);
                case "o" -> {
                    Path bc = b.work().resolve(i + "_" + base + ".llvmbc.bc");
                    llvm.extractBitcode(in, bc);
                    yield List.of(bc);
                }
                default -> {
                    List<Path> modules = new ArrayList<>();
                    for (Path member : llvm.unpackArchive(in, b.work().resolve(i + "_" + base + ".members"))) {
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
    }

    /** llvm-link: one textual module. A single .ll input is used directly (llvm-link would only copy it). */
    record LinkModules(Build b) implements BuildStage<List<Path>, Path> {
        public Stage stage() {
            return Stage.LLVM_LINK;
        }

        public Path run(List<Path> modules) throws BuildException {
            if (modules.size() == 1 && extension(modules.getFirst()).equals("ll")) {
                // not copied through llvm-link, but checked by LLVM all the same: the passes only ever see valid IR
                b.llvm().verify(modules.getFirst());
                return modules.getFirst();
            }
            Path out = b.work().resolve("01-linked.ll");
            b.llvm().link(modules, out);
            return out;
        }
    }

    /**
     * The Java passes (io.tinybpf.transform) on the linked module, written to 02-transformed.ll.
     * Cached with the warnings it gave and the programs it found, which a hit replays.
     */
    record TransformIr(Build b, BuildCache cache) implements BuildStage<Path, Transformer.Result> {
        public Stage stage() {
            return Stage.TRANSFORM;
        }

        Path output() {
            return b.work().resolve("02-transformed.ll");
        }

        public Transformer.Result run(Path in) throws BuildException {
            if (cache == null || b.req().dumpIr()) return transform(in);
            String key = b.keys().transform(in, b.sourceRoot());
            var hit = cache.get(key);
            if (hit.isPresent()) {
                Notes n = Notes.parse(hit.get().notes(), Pipeline.noteRoots(b.sourceRoot()));
                n.replay(b.reporter());
                Artifacts.writeBytes(output(), hit.get().data());
                b.verbose().accept("[cache] hit 02-transformed.ll " + key.substring(0, 12));
                return new Transformer.Result(n.programs());
            }
            int from = b.reporter().diagnostics().size();
            Transformer.Result r = transform(in);
            cache.put(key, Artifacts.readBytes(output()), new Notes(r.programs(),
                    b.reporter().diagnostics().subList(from, b.reporter().diagnostics().size())).toJson(Pipeline.noteRoots(b.sourceRoot())));
            return r;
        }

        private Transformer.Result transform(Path in) throws BuildException {
            BuildRequest req = b.req();
            StepTimes t = new StepTimes();
            Module m = parseIr(in, t);
            TransformOptions opts = new TransformOptions(req.programs(), req.sections(), req.license(), b.sourceRoot(), kernelBtf(),
                    req.isBuild() ? TransformOptions.Mode.BUILD : TransformOptions.Mode.LINK);
            if (req.isBuild() || Transformer.hasGoCode(m, opts)) {
                // TinyGo's unoptimized IR (built here, or handed to link): early passes, then a light optimization, then all passes
                Transformer.runEarly(m, opts);
                t.done("early passes");
                Path early = b.work().resolve("01-early.ll"), pre = b.work().resolve("01-preopt.ll");
                Artifacts.write(early, m, Stage.TRANSFORM);
                t.done("write");
                m = null; // the early module is garbage before the second parse (Pipeline.releaseLargeModule)
                Pipeline.releaseLargeModule(early);
                b.llvm().optimize(early, pre, OptProfiles.PRE_TRANSFORM, req.cpu());
                t.done("opt");
                m = parseIr(pre, t);
            }
            Transformer.Result r = Transformer.run(m, opts, req.dumpIr() ? dumpSink() : null);
            t.done("passes");
            for (Diagnostic w : r.warnings()) b.reporter().report(w);
            Artifacts.write(output(), m, Stage.TRANSFORM);
            t.done("write");
            b.verbose().accept("[transform] " + t);
            return r;
        }

        /** --dump-ir: the module after each pass, in work/dump-ir. */
        private Transformer.DumpSink dumpSink() throws BuildException {
            Path dumpDir = b.work().resolve("dump-ir");
            try {
                Files.createDirectories(dumpDir);
            } catch (IOException e) {
                throw new BuildException(Stage.TRANSFORM, "cannot create " + dumpDir + ": " + e.getMessage());
            }
            b.verbose().accept("[dump-ir] writing snapshots to " + dumpDir);
            return (i, name, ir) -> {
                Path f = dumpDir.resolve(String.format("%02d-%s.ll", i, name));
                try {
                    Files.writeString(f, ir);
                } catch (IOException e) {
                    b.req().err().println("warning: cannot write " + f + ": " + e.getMessage());
                }
            };
        }
    }

    /** opt with the profile's (or --pass-pipeline's) passes. */
    record Optimize(Build b, String passes) implements BuildStage.FileStage<Path> {
        public Stage stage() {
            return Stage.OPT;
        }

        public String key(Path in) throws BuildException {
            return b.keys().opt(in);
        }

        public Path output() {
            return b.work().resolve("03-optimized.ll");
        }

        public Path run(Path in) throws BuildException {
            b.llvm().optimize(in, output(), passes, b.req().cpu());
            return output();
        }
    }

    /** Checks of opt's output: reachable panics and wide arithmetic at their Go lines, rewritten in place where needed. */
    record CheckOptimized(Build b, Map<String, String> programs) implements BuildStage<Path, Path> {
        public Stage stage() {
            return Stage.POST_OPT;
        }

        public Path run(Path optimized) throws BuildException {
            StepTimes t = new StepTimes();
            Module m;
            try {
                String text = Artifacts.read(optimized, Stage.OPT);
                long size = text.length();
                m = Module.parse(text);
                text = null; // the source is garbage now: the collection below frees it
                t.done("parse");
                m = parsed(m, size);
                t.done("gc");
            } catch (IrParseException e) {
                throw new BuildException(Stage.OPT, "cannot read opt's output: " + e.getMessage());
            }
            List<Diagnostic> errors = new ArrayList<>();
            PostOpt.Result r = PostOpt.run(m, programs, b.sourceRoot(), b.reporter(), errors, !b.req().cpu().equals("v4"));
            t.done("checks");
            if (!errors.isEmpty()) throw BuildException.of(Stage.OPT, errors, null);
            if (r.changed()) Artifacts.write(optimized, r.ir(), Stage.OPT);
            t.done("write");
            b.verbose().accept("[post-opt] " + t);
            return optimized;
        }
    }

    /** llc: the BPF object, with BTF from the debug info. */
    record Codegen(Build b) implements BuildStage.FileStage<Path> {
        public Stage stage() {
            return Stage.LLC;
        }

        public String key(Path in) throws BuildException {
            return b.keys().llc(in, b.sourceRoot());
        }

        public Path output() {
            return b.work().resolve("04-codegen.o");
        }

        public Path run(Path in) throws BuildException {
            b.llvm().codegen(in, output(), b.req().cpu(), b.sourceRoot());
            return output();
        }
    }

    /** The object's ELF, sections, maps and BTF checked as a loader will read them. */
    record ValidateObject(Reporter reporter) implements BuildStage<byte[], byte[]> {
        public Stage stage() {
            return Stage.ELF_VALIDATE;
        }

        public byte[] run(byte[] object) throws BuildException {
            ObjectChecks.validate(object, reporter);
            return object;
        }
    }

    /** --verify-kernel: the caller's verifier (a kernel's) on the finished object, before it is written. */
    record VerifyInKernel(ObjectVerifier verifier, Reporter reporter) implements BuildStage<Path, Path> {
        public Stage stage() {
            return Stage.KERNEL_VERIFY;
        }

        public Path run(Path object) throws BuildException {
            verifier.verify(object, reporter);
            return object;
        }
    }

    /** The object to its destination, atomically: a failed build leaves no output file. */
    record WriteObject(Path to) implements BuildStage<byte[], Path> {
        public Stage stage() {
            return Stage.FINALIZE;
        }

        public Path run(byte[] object) throws BuildException {
            try {
                io.tinybpf.util.AtomicFiles.write(to, object);
            } catch (IOException e) {
                throw new BuildException(Stage.FINALIZE, "cannot write " + to + ": " + e.getMessage(), "check the output directory is writable");
            }
            return to;
        }
    }

    /** The running kernel's BTF, when readable: kfunc prototypes are matched against it. */
    static Path kernelBtf() {
        Path p = Path.of("/sys/kernel/btf/vmlinux");
        return Files.isReadable(p) ? p : null;
    }

    static Module parseIr(Path in, StepTimes t) throws BuildException {
        String text = Artifacts.read(in, Stage.TRANSFORM);
        String bad = Pipeline.irTextProblem(text);
        if (bad != null) {
            throw new BuildException(Stage.TRANSFORM, in.getFileName() + " " + bad, "LLVM assembly is text: write the IR as llvm-dis or clang -S print it");
        }
        long size = text.length();
        try {
            Module m = Module.parse(text);
            text = null; // the source is garbage now: the collection below frees it
            t.done("parse");
            m = parsed(m, size);
            t.done("gc");
            return m;
        } catch (IrParseException e) {
            throw new BuildException(Stage.TRANSFORM, "malformed LLVM IR in " + in.getFileName() + ": " + e.getMessage(),
                    "the input must be LLVM assembly as TinyGo or clang print it");
        }
    }

    /**
     * A large module just parsed: its source text and the parser's garbage were promoted to the
     * old generation during the parse (everything survives the young collections while it runs),
     * where the serial collector keeps them until the heap fills; the transform's own promotions
     * would then grow the heap on top of them. Collecting here, while little is live, is cheap and
     * lowers the transform's peak heap (docs/performance.md).
     */
    private static Module parsed(Module m, long sourceChars) {
        if (sourceChars > Pipeline.LARGE_MODULE_BYTES) System.gc();
        return m;
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
