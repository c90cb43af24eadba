package io.tinybpf.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.ir.IrParseException;
import io.tinybpf.ir.Module;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import io.tinybpf.toolchain.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs passes alone or up to a point on a module, and checks that LLVM accepts what comes out:
 * every pass test pairs its IR assertions with {@code opt -passes=verify} and {@code llc -march=bpf}
 * on the same module (through {@code default<O0>}, which adds the BPF IR passes llc relies on), so
 * an edit that reads right but is not valid IR fails the test.
 */
final class PassHarness {
    private PassHarness() {}

    static final Path SOURCE_ROOT = Path.of("/home/user/probe");

    static Module parse(String ir) {
        try {
            return Module.parse(ir);
        } catch (IrParseException e) {
            throw new AssertionError(e);
        }
    }

    static TransformContext context(Module m, Map<String, String> sections) {
        return new TransformContext(m, new TransformOptions(List.of(), sections, "GPL", SOURCE_ROOT));
    }

    static TransformContext context(Module m, Map<String, String> sections, Path sourceRoot) {
        return new TransformContext(m, new TransformOptions(List.of(), sections, "GPL", sourceRoot));
    }

    /** Runs every pipeline pass before the first instance of {@code pass}'s class; they must succeed. */
    static void runBefore(TransformContext ctx, Class<? extends Pass> pass) {
        for (Pass p : Transformer.passes()) {
            if (p.getClass() == pass) return;
            run(ctx, p);
        }
        fail(pass.getSimpleName() + " is not in Transformer.passes()");
    }

    /** Runs one pass; it must report no problem. */
    static void run(TransformContext ctx, Pass p) {
        List<Diagnostic> problems = problems(ctx, p);
        assertEquals(List.of(), problems, p.name() + " reported problems");
    }

    /** Runs one pass and returns what it reported (cleared from the context). */
    static List<Diagnostic> problems(TransformContext ctx, Pass p) {
        try {
            Transformer.runPass(p, ctx);
            return List.of();
        } catch (BuildException e) {
            return e.problems();
        } finally {
            ctx.problems().clear();
        }
    }

    /** The formatted report of one pass's problems (what a user sees). */
    static String report(TransformContext ctx, Pass p) {
        try {
            Transformer.runPass(p, ctx);
            return "";
        } catch (BuildException e) {
            return e.format();
        } finally {
            ctx.problems().clear();
        }
    }

    /**
     * LLVM accepts the module: {@code opt -passes=verify} on it as it is and {@code llc -march=bpf}
     * (after retargeting a copy, for modules still on TinyGo's host triple).
     */
    static void accepted(Module m) {
        object(m);
    }

    /** What {@link #accepted} checks, returning llc's object (to look at where things were placed). */
    static io.tinybpf.elf.ElfFile object(Module m) {
        Path opt = Requires.llvmTool("opt");
        Path llc = Requires.llvmTool("llc");
        try {
            Path dir = Files.createTempDirectory("tinybpf-pass-");
            try {
                Path ll = dir.resolve("in.ll");
                Files.writeString(ll, m.print());
                tool(List.of(opt.toString(), "-passes=verify", "-disable-output", ll.toString()), dir, "opt -passes=verify", m);
                Module copy = parse(m.print());
                TransformContext ctx = context(copy, Map.of());
                new Retarget().run(ctx);
                Path bpf = dir.resolve("bpf.ll");
                Files.writeString(bpf, copy.print());
                // default<O0> is the least pipeline that runs the BPF IR passes (CO-RE lowering) llc needs
                Path lowered = dir.resolve("lowered.bc");
                tool(List.of(opt.toString(), "-passes=default<O0>", "-o", lowered.toString(), bpf.toString()), dir, "opt default<O0>", copy);
                tool(List.of(llc.toString(), "-march=bpf", "-mcpu=v3", "-filetype=obj", "-o", dir.resolve("out.o").toString(), lowered.toString()),
                        dir, "llc -march=bpf", copy);
                return io.tinybpf.elf.ElfFile.parse(Files.readAllBytes(dir.resolve("out.o")));
            } finally {
                io.tinybpf.util.AtomicFiles.deleteTree(dir);
            }
        } catch (IOException | io.tinybpf.elf.ElfFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** The ELF section a symbol of the object is defined in, or null. */
    static String sectionOf(io.tinybpf.elf.ElfFile elf, String symbol) {
        for (io.tinybpf.elf.ElfSymbol s : elf.symbols()) {
            if (s.name().equals(symbol) && s.isInSection()) return s.sectionName();
        }
        return null;
    }

    private static void tool(List<String> cmd, Path dir, String what, Module m) throws IOException {
        ProcessRunner.Result r = ProcessRunner.run(cmd, dir, ProcessRunner.baseEnvironment(), Duration.ofMinutes(2));
        // LLVM drops all debug info (and with it the BTF) on a mere warning: that is a rejection too
        if (r.timedOut() || r.exitCode() != 0 || r.stderr().contains("invalid debug info")) {
            fail(what + " rejected the module:\n" + r.stderr() + "\n--- module ---\n" + m.print());
        }
    }

    /** TinyGo's own IR of an example (real input: the runtime, debug info and all), as the build hands it to the passes. */
    static Module tinygoIr(String example) {
        return prepared(Examples.build(example).tinygoIr(), Examples.build(example).result().programs());
    }

    /** TinyGo's IR of an example exactly as TinyGo wrote it (before the early passes and the pre-transform optimization). */
    static Module rawTinygoIr(String example) {
        try {
            return parse(Files.readString(Examples.build(example).tinygoIr()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * What the build gives the transform for TinyGo's IR: the early passes, then the light
     * pre-transform optimization ({@code OptProfiles.PRE_TRANSFORM}), run with the real {@code opt}.
     */
    static Module prepared(Path tinygoIr, Map<String, String> sections) {
        try {
            Module m = parse(Files.readString(tinygoIr));
            Transformer.runEarly(m, new TransformOptions(List.of(), sections, "GPL", null));
            Path dir = Files.createTempDirectory("tinybpf-preopt-");
            try {
                Path in = dir.resolve("early.ll"), out = dir.resolve("pre.ll");
                Files.writeString(in, m.print());
                tool(List.of(Requires.llvmTool("opt").toString(), "-passes=" + io.tinybpf.pipeline.OptProfiles.PRE_TRANSFORM, "-S",
                        in.toString(), "-o", out.toString()), dir, "opt (pre-transform)", m);
                return parse(Files.readString(out));
            } finally {
                io.tinybpf.util.AtomicFiles.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (io.tinybpf.diag.BuildException e) {
            throw new AssertionError(e.format(), e);
        }
    }

    private static Path constructs;

    /** The directory of a case of the Go-construct matrix, as a Go module the build can use. */
    static synchronized Path constructDir(String name) {
        try {
            if (constructs == null) {
                constructs = Files.createTempDirectory("tinybpf-pass-constructs-");
                Path dir = constructs;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> io.tinybpf.util.AtomicFiles.deleteTree(dir)));
            }
            Path d = constructs.resolve(name);
            return Files.isDirectory(d) ? d : io.tinybpf.constructs.Constructs.materialize(name, constructs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** TinyGo's IR of a case of the Go-construct matrix, as the build hands it to the passes. */
    static Module construct(String name) {
        Path dir = constructDir(name);
        Map<String, String> sections = new java.util.LinkedHashMap<>();
        for (var p : io.tinybpf.constructs.Constructs.programs(name)) sections.put(p.getKey(), p.getValue());
        return prepared(Examples.tinygoIr(dir), sections);
    }

    private static Path benchDirs;

    /** TinyGo's IR of a program of the code-quality benchmark (bench/code/{@code name}), as the build hands it to the passes. */
    static Module bench(String name) {
        Path dir;
        try {
            synchronized (PassHarness.class) {
                if (benchDirs == null) {
                    benchDirs = Files.createTempDirectory("tinybpf-pass-bench-");
                    Path d = benchDirs;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> io.tinybpf.util.AtomicFiles.deleteTree(d)));
                }
                dir = Files.isDirectory(benchDirs.resolve(name)) ? benchDirs.resolve(name)
                        : io.tinybpf.bench.BenchCases.materialize(name, benchDirs);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return prepared(Examples.tinygoIr(dir), io.tinybpf.bench.BenchCases.programs(name));
    }

    /** The sections of a code-benchmark case's programs. */
    static Map<String, String> benchSections(String name) {
        return io.tinybpf.bench.BenchCases.programs(name);
    }

    /** Every pass over {@code m} (they must succeed), then {@code opt} with the default --opt-profile: what post-opt steps see. */
    static Module optimized(Module m, Map<String, String> sections) {
        try {
            Transformer.run(m, new TransformOptions(List.of(), sections, "GPL", SOURCE_ROOT));
        } catch (io.tinybpf.diag.BuildException e) {
            throw new AssertionError(e.format(), e);
        }
        return opt(m, io.tinybpf.pipeline.OptProfiles.pipeline("default"));
    }

    /**
     * A code-benchmark case through every pass but those of {@code left}'s class, then opt with
     * the default profile: the baseline a pass's test compares its effect against.
     */
    static Module optimizedWithout(String bench, Class<? extends Pass> left) {
        Module m = bench(bench);
        TransformContext ctx = context(m, benchSections(bench));
        for (Pass p : Transformer.passes()) if (p.getClass() != left) run(ctx, p);
        return opt(m, io.tinybpf.pipeline.OptProfiles.pipeline("default"));
    }

    /** {@code opt -passes=pipeline} over a module. */
    static Module opt(Module m, String pipeline) {
        try {
            Path dir = Files.createTempDirectory("tinybpf-opt-");
            try {
                Path in = dir.resolve("in.ll"), out = dir.resolve("out.ll");
                Files.writeString(in, m.print());
                tool(List.of(Requires.llvmTool("opt").toString(), "-mcpu=v3", "-passes=" + pipeline, "-S", in.toString(), "-o",
                        out.toString()), dir, "opt " + pipeline, m);
                return parse(Files.readString(out));
            } finally {
                io.tinybpf.util.AtomicFiles.deleteTree(dir);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** llc's object for an optimized module: each program's BPF instructions (a 16-byte load counts once). */
    static Map<String, Long> instructions(Module optimized) {
        try {
            Path dir = Files.createTempDirectory("tinybpf-llc-");
            try {
                Path in = dir.resolve("in.ll"), obj = dir.resolve("out.o");
                Files.writeString(in, optimized.print());
                tool(List.of(Requires.llvmTool("llc").toString(), "-march=bpf", "-mcpu=v3", "-filetype=obj", "-o", obj.toString(),
                        in.toString()), dir, "llc", optimized);
                Map<String, Long> out = new java.util.LinkedHashMap<>();
                for (var p : io.tinybpf.elf.ObjectSummary.summarize(io.tinybpf.elf.ElfFile.read(obj)).programs()) {
                    out.put(p.name(), p.instructions());
                }
                return out;
            } finally {
                io.tinybpf.util.AtomicFiles.deleteTree(dir);
            }
        } catch (IOException | io.tinybpf.elf.ElfFormatException | io.tinybpf.btf.BtfFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** The sections an example's tinybpf.json gives its programs. */
    static Map<String, String> sections(String example) {
        return Examples.build(example).result().programs();
    }

    static List<String> messages(List<Diagnostic> d) {
        List<String> out = new ArrayList<>();
        for (Diagnostic x : d) out.add(x.message());
        return out;
    }
}
