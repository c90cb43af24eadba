package io.tinybpf.transform;

import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Severity;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.diag.Stage;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** State shared by the passes of one transform run. */
public final class TransformContext {
    private final Module module;
    private final TransformOptions options;
    private final DebugInfo debug;
    private final List<Diagnostic> problems = new ArrayList<>();
    /**
     * A type userspace needs in BTF (a ring buffer's record type): emitted as a variable after the
     * license string, which costs no map and no code.
     */
    public record TypeAnchor(String symbol, int diType, long sizeBytes) {}

    private final List<TypeAnchor> anchors = new ArrayList<>();

    public List<TypeAnchor> anchors() {
        return anchors;
    }

    /** Program IR name → ELF section, in program order (filled by {@link SelectPrograms}). */
    private final Map<String, String> programs = new LinkedHashMap<>();

    public TransformContext(Module module, TransformOptions options) {
        this.module = module;
        this.options = options;
        this.debug = new DebugInfo(module, options.sourceRoot());
    }

    public Module module() {
        return module;
    }

    public TransformOptions options() {
        return options;
    }

    public DebugInfo debug() {
        return debug;
    }

    public Map<String, String> programs() {
        return programs;
    }

    public boolean isProgram(String irName) {
        return programs.containsKey(irName);
    }

    public List<Diagnostic> problems() {
        return problems;
    }

    /** Records an error at an instruction's Go position. */
    public void error(String message, BodyLine at, Function in, String hint) {
        SourcePos pos = at != null ? debug.position(at) : null;
        if (pos == null && in != null) pos = debug.position(in);
        problems.add(new Diagnostic(Severity.ERROR, Stage.TRANSFORM, message, pos,
                in == null ? null : debug.displayName(in), hint));
    }

    public void error(String message, SourcePos pos, String function, String hint) {
        problems.add(new Diagnostic(Severity.ERROR, Stage.TRANSFORM, message, pos, function, hint));
    }

    public void error(String message, SourcePos pos, String hint) {
        problems.add(new Diagnostic(Severity.ERROR, Stage.TRANSFORM, message, pos, null, hint));
    }
}
