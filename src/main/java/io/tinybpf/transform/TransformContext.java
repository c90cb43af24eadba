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

    private final Origins origins;
    private final String inputTriple;

    public TransformContext(Module module, TransformOptions options) {
        this.module = module;
        this.options = options;
        this.debug = new DebugInfo(module, options.sourceRoot());
        this.origins = new Origins(module, !options.isLink());
        io.tinybpf.ir.HeaderLine triple = module.header(io.tinybpf.ir.HeaderLine.Kind.TRIPLE);
        this.inputTriple = triple == null ? null : triple.value();
    }

    /**
     * The entity is Go (from TinyGo, or created by the passes): Go's rules apply. In {@code link}
     * mode IR from other front ends is kept as written instead (see {@link TransformOptions.Mode}).
     */
    public boolean isGo(io.tinybpf.ir.GlobalValue g) {
        return origins.isGo(g);
    }

    /** A compile unit (metadata id) TinyGo produced; every unit is when building Go. */
    boolean isGoUnit(int cu) {
        return origins.isGoUnit(cu);
    }

    /** Every compile unit of the module is TinyGo's. */
    boolean allGo() {
        return origins.allGo();
    }

    /** No code of the module is Go's (a {@code link} of C or hand-written IR only). */
    boolean allForeign() {
        return origins.allForeign();
    }

    /**
     * A definition another front end made visible outside its module: in {@code link} mode it is
     * kept whether or not a program uses it, as clang keeps it in its object (a loader or
     * userspace may read it).
     */
    boolean exportedByInput(io.tinybpf.ir.GlobalVar g) {
        return !isGo(g) && !g.isDeclaration() && !g.hasQualifier("internal") && !g.hasQualifier("private") && !g.name().startsWith("llvm.");
    }

    /** The module's target triple before the transform retargeted it (null when it had none). */
    String inputTriple() {
        return inputTriple;
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

    private final List<Diagnostic> warnings = new ArrayList<>();

    /** Warnings of the run (reported with the build, not failing it). */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    public void warning(String message, SourcePos pos, String hint) {
        warnings.add(new Diagnostic(Severity.WARNING, Stage.TRANSFORM, message, pos, null, hint));
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
