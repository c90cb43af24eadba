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

    public static List<Pass> passes() {
        return List.of(
                new Retarget(),
                new SelectPrograms(),
                new CheckConstructs(),
                new PanicPaths(),
                new HeapToStack(),
                new LowerCalls(),
                new CoRe(),
                new Helpers(),
                new Kfuncs(),
                new NullChecks(),
                new Maps(),
                new Globals(),
                new ProgramSections(),
                new Cleanup(),
                new DebugFixups(),
                new Cleanup());
    }

    /** Result: the program → section map the transform settled on. */
    public record Result(Map<String, String> programs) {
        public Result {
            programs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(programs));
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
        return new Result(ctx.programs());
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
