package io.tinybpf.fuzz;

import io.tinybpf.diag.BuildException;
import io.tinybpf.ir.IrParseException;
import io.tinybpf.ir.Module;
import io.tinybpf.transform.Pass;
import io.tinybpf.transform.TransformContext;
import io.tinybpf.transform.TransformOptions;
import io.tinybpf.transform.Transformer;
import java.util.List;
import java.util.Map;

/**
 * The transform passes, through their public entry points. System property
 * {@code tinybpf.fuzz.pass}: a pass index ({@link Transformer#passes()}) runs that pass after
 * the passes before it (their problems cleared, so the pass also sees what an earlier pass only
 * reported); unset or "all" runs {@link Transformer#run} as a build does. A pass may report
 * problems; throwing on IR that LLVM accepts is a finding.
 */
public final class PassFuzz {
    private PassFuzz() {}

    static final TransformOptions OPTIONS = new TransformOptions(List.of(), Map.of(), "GPL", null);

    public static void fuzzerTestOneInput(byte[] data) {
        String p = System.getProperty("tinybpf.fuzz.pass", "all");
        run(p.equals("all") ? -1 : Integer.parseInt(p), data);
    }

    /** {@code pass} < 0: the whole transform. */
    static void run(int pass, byte[] data) {
        String text = Oracle.text(data);
        Module m;
        try {
            m = Module.parse(text);
        } catch (IrParseException e) {
            return;
        }
        try {
            if (pass < 0) {
                Transformer.run(m, OPTIONS);
                return;
            }
            List<Pass> passes = Transformer.passes();
            TransformContext ctx = new TransformContext(m, OPTIONS);
            for (int i = 0; i <= pass && i < passes.size(); i++) {
                passes.get(i).run(ctx);
                ctx.problems().clear();
            }
        } catch (BuildException e) {
            if (e.getCause() instanceof RuntimeException r) finding(text, r);
        } catch (RuntimeException | StackOverflowError e) {
            finding(text, e);
        }
    }

    private static void finding(String text, Throwable e) {
        if (!Oracle.llvmAccepts(text)) return; // invalid IR never reaches the passes
        throw new AssertionError("a pass failed on valid LLVM IR: " + e, e);
    }
}
