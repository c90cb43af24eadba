package io.tinybpf.transform;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Stage;
import io.tinybpf.ir.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the passes in order over one module. Each pass collects all the problems it finds; the run
 * stops after the first pass that found any, reporting them together.
 */
public final class Transformer {
    /** Receives the module text after each pass ({@code --dump-ir}). */
    @FunctionalInterface
    public interface DumpSink {
        void accept(int index, String passName, String ir);
    }

    /**
     * The passes that must see TinyGo's IR before any LLVM optimization: they recognise shapes the
     * optimizer would change (the runtime's panic calls; packet bounds checks, which it rewrites into
     * forms the verifier cannot use). The build runs them, then a light optimization (inlining, SROA,
     * instcombine: no loop passes) so the other passes see small, inlined code, then every pass
     * (running these again is a no-op).
     */
    public static List<Pass> earlyPasses() {
        return List.of(new Retarget(), new PanicPaths(), new SelectPrograms(), new PacketBounds());
    }

    /**
     * The module holds TinyGo's code (always so for {@code build}; for {@code link}, when one of its
     * inputs came from TinyGo): then it gets the early passes and the light optimization before the
     * rest, as a build does. IR of other front ends alone (clang's, optimized already) goes straight
     * into the passes.
     */
    public static boolean hasGoCode(Module module, TransformOptions options) {
        return !options.isLink() || !new Origins(module, false).allForeign();
    }

    /** Runs the early passes ({@link #earlyPasses()}) over a module. */
    public static Result runEarly(Module module, TransformOptions options) throws BuildException {
        TransformContext ctx = new TransformContext(module, options);
        for (Pass p : earlyPasses()) runPass(p, ctx);
        return new Result(ctx.programs());
    }

    public static List<Pass> passes() {
        SdkCalls sdk = new SdkCalls(); // Printk and log calls: rewritten before selection, table after
        return List.of(
                new Retarget(),
                // before program selection: the runtime's panic machinery is then unreachable, not kept
                new PanicPaths(),
                sdk.calls(),
                new SelectPrograms(),
                sdk.table(),
                new CheckConstructs(),
                new PacketBounds(),
                new HeapToStack(),
                new BoundedCopies(),
                new LowerCalls(),
                new CoRe(),
                new Helpers(),
                new Kfuncs(),
                new NullChecks(),
                new HelperWrites(),
                new CallbackContexts(),
                new PacketNilChecks(),
                new ShortCircuit(),
                new SdkMaps(), // SDK map types → the typed form Maps reads
                new Maps(),
                new ReadOnlyGlobals(),
                new Globals(),
                new ProgramSections(),
                new ContextNoAlias(),
                new Cleanup(),
                new DebugFixups(),
                new Cleanup());
    }

    /** Result: the program → section map the transform settled on, and its warnings. */
    public record Result(Map<String, String> programs, List<io.tinybpf.diag.Diagnostic> warnings) {
        public Result {
            programs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(programs));
            warnings = List.copyOf(warnings);
        }

        public Result(Map<String, String> programs) {
            this(programs, List.of());
        }
    }

    public static Result run(Module module, TransformOptions options, DumpSink dump) throws BuildException {
        TransformContext ctx;
        try {
            ctx = new TransformContext(module, options);
        } catch (RuntimeException e) {
            throw internalError("reading the module's debug info", e);
        }
        List<Pass> passes = passes();
        for (int i = 0; i < passes.size(); i++) {
            runPass(passes.get(i), ctx);
            if (dump != null) dump.accept(i + 1, passes.get(i).name(), module.print());
        }
        return new Result(ctx.programs(), ctx.warnings());
    }

    /**
     * Runs one pass over the context's module: the pipeline's step, and how a test runs a pass
     * alone. The problems it collected are reported together; a crash in the pass is reported as
     * the tinybpf bug it is, naming the pass.
     */
    public static void runPass(Pass p, TransformContext ctx) throws BuildException {
        try {
            p.run(ctx);
        } catch (RuntimeException e) {
            throw internalError("pass \"" + p.name() + "\"", e);
        }
        if (!ctx.problems().isEmpty()) {
            throw BuildException.of(Stage.TRANSFORM, new ArrayList<>(ctx.problems()), p.hint());
        }
    }

    /** A crash is tinybpf's bug: a clean report without the exception's text; the cause keeps the stack trace (TINYBPF_DEBUG, fuzz tests). */
    private static BuildException internalError(String where, RuntimeException e) {
        BuildException b = new BuildException(Stage.TRANSFORM, (where.startsWith("pass") ? where + " could not process this module"
                : "tinybpf failed " + where) + " (" + e.getClass().getSimpleName() + ")",
                "this is a tinybpf bug: please report it with the input (--keep-temp keeps it; TINYBPF_DEBUG=1 shows where)");
        b.initCause(e);
        return b;
    }

    public static Result run(Module module, TransformOptions options) throws BuildException {
        return run(module, options, null);
    }
}
