package io.tinybpf.transform;

import io.tinybpf.diag.Reporter;
import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.DataLayout;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 *   <li>for BPF ISAs before v4, signed division and modulo become unsigned arithmetic
 *       ({@link SignedDivision});</li>
 *   <li>multiplication wider than 64 bits (opt forms it from {@code bits.Mul64}) is expanded
 *       into 64-bit arithmetic ({@link WideMultiply}); a wider division, which llc would turn
 *       into a compiler-rt call the kernel cannot make, is an error at its Go line;</li>
 *   <li>packet addresses computed on integers become pointer arithmetic, and bounds checks
 *       compare pointers, as in C ({@link PacketPointers});</li>
 *   <li>blocks that return move to the end of their function, so early returns are forward
 *       jumps to a final {@code exit} ({@link ExitPlacement});</li>
 *   <li>stack use is estimated per function from its allocas: above 512 bytes the verifier will
 *       refuse the program, so that is an error; above 384 a warning.</li>
 * </ul>
 */
public final class PostOpt {
    private PostOpt() {}

    public record Result(String ir, List<String> panicPaths, boolean changed) {}

    /**
     * @param lowerSignedDivision the target ISA has no signed division (v1–v3): lower sdiv/srem
     */
    public static Result run(Module m, Map<String, String> programs, Path sourceRoot, Reporter reporter,
                             java.util.List<io.tinybpf.diag.Diagnostic> errors, boolean lowerSignedDivision) {
        DebugInfo debug = new DebugInfo(m, sourceRoot);
        boolean changed = Globals.dropUnnamedAddr(m);
        if (lowerSignedDivision) changed |= SignedDivision.lower(m);
        changed |= WideMultiply.lower(m);
        changed |= PacketPointers.rewrite(m, programs);
        changed |= ExitPlacement.place(m);
        relocatedData(m, debug, errors);
        List<String> paths = new ArrayList<>();
        DataLayout layout = new DataLayout(m);
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            Operand dflt = PanicPaths.defaultReturn(f, programs.get(f.name()));
            String returned = dflt == null ? "nothing" : String.valueOf(dflt.value());
            long stack = 0;
            Set<String> wide = new HashSet<>();
            for (Function.Block b : f.blocks()) {
                for (Iterator<BodyLine> it = b.lines().iterator(); it.hasNext(); ) {
                    BodyLine l = it.next();
                    switch (l.inst()) {
                        case Call c when PanicPaths.MARKER.equals(c.calleeName()) -> {
                            SourcePos pos = debug.position(l);
                            paths.add(pos == null ? debug.displayName(f) : pos.toString());
                            reporter.report(new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.WARNING,
                                    io.tinybpf.diag.Stage.OPT, "reachable panic path (failed nil or bounds check): the program returns "
                                    + returned + " here instead of panicking", pos, debug.displayName(f),
                                    "add an explicit check before the access so the compiler can prove it safe"));
                            it.remove();
                            changed = true;
                        }
                        case Inst.Unreachable u -> {
                            l.become(Build.ret(dflt).dbg(u.dbg()));
                            changed = true;
                        }
                        case Inst.Alloca a -> stack += allocaBytes(layout, a);
                        case Call c when isMemIntrinsic(c.calleeName()) && c.arguments().size() > 2
                                && HeapToStack.constant(c.arguments().get(2)) < 0 -> {
                            // llc lowers it to a call of libc's memcpy/memset, which BPF does not have
                            errors.add(new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.ERROR, io.tinybpf.diag.Stage.OPT,
                                    (c.calleeName().startsWith("llvm.memset") ? "clearing" : "copying") + " a number of bytes known only at "
                                            + "run time (string(b[lo:hi]), copy or clear with a run-time length), which BPF cannot do in one "
                                            + "instruction and llc would call a C library function for",
                                    debug.position(l), debug.displayName(f),
                                    "work on a fixed-size array (string(b[:n]) of a local array is fine), or copy/compare the bytes "
                                            + "in a loop bounded by a constant: for i := 0; i < len(buf) && i < n; i++"));
                        }
                        case Inst.Binary op when WIDE_LIBCALL_OPS.contains(op.opcode()) && op.type().intBits() > 64 -> {
                            if (wide.add(f.name())) {
                                errors.add(new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.ERROR, io.tinybpf.diag.Stage.OPT,
                                        "this computation needs " + op.type().intBits() + "-bit " + wideWord(op.opcode())
                                                + ", which BPF does not have (llc would call a runtime library function)",
                                        debug.position(l), debug.displayName(f),
                                        "keep the arithmetic in 64 bits: split a 128-bit product with math/bits-style 32-bit halves, "
                                                + "or restructure the loop so its result is not a closed-form sum"));
                            }
                        }
                        case null, default -> {}
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

    /**
     * Integer operations that llc lowers to compiler-rt calls ({@code __multi3}, {@code __udivti3}...)
     * when wider than 64 bits: BPF cannot call them, and llc's own error names no Go line.
     */
    private static boolean isMemIntrinsic(String callee) {
        return callee != null && (callee.startsWith("llvm.memcpy.") || callee.startsWith("llvm.memmove.") || callee.startsWith("llvm.memset."));
    }

    private static final Set<String> WIDE_LIBCALL_OPS = Set.of("mul", "udiv", "sdiv", "urem", "srem"); // mul: above 128 bits

    private static String wideWord(String opcode) {
        return opcode.equals("mul") ? "multiplication" : "division";
    }

    /**
     * A global in a data section whose initializer points at another global (a table of strings,
     * slices or pointers) needs a data relocation, which BPF loaders do not apply: the pointers
     * would be garbage in the kernel. Only what survives optimization is an error (a table indexed
     * by constants folds away).
     */
    private static void relocatedData(Module m, DebugInfo debug, List<io.tinybpf.diag.Diagnostic> errors) {
        for (io.tinybpf.ir.GlobalVar g : m.globalVars()) {
            String s = g.section();
            if (s == null || !Globals.isDataSection(s) || Module.globalRefs(g).isEmpty()) continue;
            io.tinybpf.ir.MetadataDef var = debug.globalVariable(g);
            String name = var != null && var.stringField("name") != null ? var.stringField("name") : g.name();
            errors.add(new io.tinybpf.diag.Diagnostic(io.tinybpf.diag.Severity.ERROR, io.tinybpf.diag.Stage.OPT,
                    "package variable " + name + " holds pointers to other data (strings, slices or pointers), indexed at run time: "
                            + "BPF loaders do not relocate data, so the kernel would read garbage",
                    debug.position(var), null, "use fixed-size arrays instead, e.g. [4][8]byte for a table of short strings"));
        }
    }

    /** Bytes an alloca takes: its type's size times a constant count (run-time counts: unknown, 0). */
    static long allocaBytes(DataLayout layout, Inst.Alloca a) {
        long size = Math.max(0, layout.sizeOf(a.type()));
        Operand n = a.count();
        if (n == null) return size;
        long count = HeapToStack.constant(n);
        return count < 0 ? 0 : size * count;
    }
}
