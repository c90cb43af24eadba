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
 * reported); unset or "all" runs {@link Transformer#run} as a build does. The passes only ever
 * see IR that LLVM accepted (link verifies its inputs; TinyGo's output is LLVM's own), so inputs
 * LLVM rejects are skipped before the passes run (LLVM's parser and verifier in-process, about a
 * millisecond); on valid IR a pass may report problems, and throwing or hanging is a finding.
 */
public final class PassFuzz {
    private PassFuzz() {}

    private static final java.util.regex.Pattern DEFINE = java.util.regex.Pattern.compile(
            "(?m)^define (?!internal |private )[^@\n]*@([A-Za-z_][A-Za-z0-9_]*)\\(([^\n]*)$");
    private static final java.util.regex.Pattern SECTION = java.util.regex.Pattern.compile("section \"([^\"\\\\]+)\"");

    /**
     * As a build would be asked: every exported function is a program, in the section its
     * definition names (the seeds are transformed examples), else "socket" (valid for any code).
     */
    static TransformOptions options(String text) {
        Map<String, String> sections = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = DEFINE.matcher(text);
        while (m.find() && sections.size() < 16) {
            java.util.regex.Matcher s = SECTION.matcher(m.group(2));
            sections.putIfAbsent(m.group(1), s.find() ? s.group(1) : "socket");
        }
        return new TransformOptions(List.of(), sections, "GPL", null);
    }

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
        // what the pipeline refuses before the transform (LLVM's check, tinybpf's own) never reaches the passes
        if (io.tinybpf.pipeline.Pipeline.irTextProblem(text) != null || !Oracle.llvmAccepts(text)) return;
        try {
            if (pass < 0) {
                Transformer.run(m, options(text));
                return;
            }
            List<Pass> passes = Transformer.passes();
            TransformContext ctx = new TransformContext(m, options(text));
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
        // the in-process check is LLVM's parser and verifier; opt, which tinybpf runs, also rejects
        // what it cannot derive a data layout for (an unknown target triple): ask it before reporting
        if (!Oracle.optAccepts(text)) return;
        throw new AssertionError("a pass failed on valid LLVM IR: " + e, e);
    }
}
