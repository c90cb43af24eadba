package io.tinybpf.pipeline;

import io.tinybpf.bpf.KernelTargets;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.diag.Stage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A section whose attach target the build machine's kernel does not have (a mistyped tracepoint,
 * a function renamed in this kernel) is a warning at build time, at the program's {@code //export}
 * line: the object may be meant for another kernel, so only {@code verify --kernel} makes it an error.
 */
final class AttachTargetCheck {
    private AttachTargetCheck() {}

    static void warn(Map<String, String> sections, Path packageDir, Reporter reporter, KernelTargets kernel) {
        if (sections.isEmpty()) return;
        Map<String, List<SourcePos>> exports = packageDir == null ? null : GoErrors.exports(packageDir);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(sections).entrySet()) {
            kernel.check(e.getValue()).ifPresent(missing -> {
                List<SourcePos> at = exports == null ? null : exports.get(e.getKey());
                reporter.report(new Diagnostic(Severity.WARNING, Stage.INPUT_NORMALIZATION, "section \"" + e.getValue() + "\" of program "
                        + e.getKey() + ": " + missing.message() + "; it will not attach on this machine's kernel",
                        at == null || at.isEmpty() ? null : at.getFirst(), e.getKey(),
                        "check the section in tinybpf.json \"programs\" or --section; tinybpf verify --kernel fails on it"));
            });
        }
    }
}
