package io.tinybpf.transform;

import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Tokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs on the optimized IR, where what is left is what the kernel will see:
 * <ul>
 *   <li>panic markers that survived optimization are reachable panic paths (a nil or bounds check
 *       the optimizer could not prove): each is reported with its Go line and removed, leaving the
 *       safe return {@link PanicPaths} put after it;</li>
 *   <li>a remaining bare {@code unreachable} becomes the same safe return;</li>
 *   <li>globals in data sections lose {@code unnamed_addr}, which opt may add: llc would make
 *       such a constant mergeable and put it in a second section of the same name, which
 *       loaders and BTF read as one;</li>
 *   <li>stack use is estimated per function from its allocas: above 512 bytes the verifier will
 *       refuse the program, so that is an error; above 384 a warning.</li>
 * </ul>
 */
public final class PostOpt {
    private PostOpt() {}

    public record Result(String ir, List<String> panicPaths, boolean changed) {}

    public static Result run(Module m, Map<String, String> programs, Path sourceRoot, Reporter reporter,
                             java.util.List<io.tinybpf.diag.Diagnostic> errors) {
        DebugInfo debug = new DebugInfo(m, sourceRoot);
        boolean changed = Globals.dropUnnamedAddr(m);
        List<String> paths = new ArrayList<>();
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            String dflt = PanicPaths.defaultReturn(f, programs.get(f.name()));
            long stack = 0;
            for (Function.Block b : f.blocks()) {
                for (Iterator<BodyLine> it = b.lines().iterator(); it.hasNext(); ) {
                    BodyLine l = it.next();
                    if (!l.isInstruction()) continue;
                    String op = l.opcode();
                    if (op.equals("call")) {
                        Call c = l.call();
                        if (c != null && PanicPaths.MARKER.equals(c.calleeName())) {
                            SourcePos pos = debug.position(l);
                            paths.add(pos == null ? debug.displayName(f) : pos.toString());
                            reporter.report(new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.WARNING,
                                    io.tinybpf.diag.Stage.OPT, "reachable panic path (failed nil or bounds check): the program returns "
                                    + dflt.substring(dflt.indexOf(' ') + 1) + " here instead of panicking", pos, debug.displayName(f),
                                    "add an explicit check before the access so the compiler can prove it safe"));
                            it.remove();
                            changed = true;
                        }
                    } else if (op.equals("unreachable")) {
                        int dbg = l.attachment("dbg");
                        l.setText("  ret " + dflt + (dbg >= 0 ? ", !dbg !" + dbg : ""));
                        changed = true;
                    } else if (op.equals("alloca")) {
                        stack += allocaBytes(l);
                    }
                }
            }
            String fn = debug.displayName(f);
            if (stack > HeapToStack.STACK_LIMIT) {
                errors.add(new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.ERROR, io.tinybpf.diag.Stage.OPT,
                        "function " + fn + " needs about " + stack + " bytes of stack; the BPF limit is 512",
                        debug.position(f), fn, "move large buffers into a BPF map (a per-CPU array works as scratch space)"));
            } else if (stack >= 384) {
                reporter.report(new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.WARNING, io.tinybpf.diag.Stage.OPT,
                        "function " + fn + " uses about " + stack + " bytes of stack (BPF limit 512)", debug.position(f), fn, null));
            }
        }
        if (changed) {
            Function marker = m.function(PanicPaths.MARKER);
            if (marker != null) m.remove(marker);
        }
        return new Result(changed ? m.print() : null, paths, changed);
    }

    /** {@code alloca [16 x i8], align 8} → 16; other element types by their size. */
    static long allocaBytes(BodyLine l) {
        Tokens t = l.tokens();
        int i = l.opcodeIndex() + 1;
        String type = t.text(i);
        long count = 1;
        if (t.isPunct(i, '[')) {
            try {
                count = Long.parseLong(t.text(i + 1));
            } catch (NumberFormatException e) {
                return 0;
            }
            type = t.text(i + 3);
        }
        long size = switch (type) {
            case "i8", "i1" -> 1;
            case "i16" -> 2;
            case "i32", "float" -> 4;
            case "i64", "ptr", "double" -> 8;
            default -> 8;
        };
        return count * size;
    }
}
