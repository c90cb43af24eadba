package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Build;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.List;

/**
 * TinyGo's {@code -panic=trap} turns failed nil and bounds checks into {@code llvm.trap} +
 * {@code unreachable}, which BPF cannot execute (LLVM lowers it to an abort call or a kfunc only
 * new kernels have). Before {@code opt} runs, each trap becomes a marker call followed by a return
 * of a safe value, so the IR stays valid and the check becomes an ordinary branch the verifier
 * understands. After {@code opt}, {@link PostOpt} removes surviving markers and reports each one
 * with its Go line: those are the panic paths that remain reachable at run time.
 */
final class PanicPaths implements Pass {
    static final String MARKER = "tinybpf.panic";

    @Override
    public String name() {
        return "panic-paths";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        boolean used = false;
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            Operand dflt = defaultReturn(f, ctx.options().sections().get(f.name()));
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (!(lines.get(i).inst() instanceof Call c) || !isPanic(c.calleeName())) continue;
                    lines.set(i, marker().dbg(c.dbg()).line());
                    used = true;
                    for (int j = i + 1; j < lines.size(); j++) {
                        Inst n = lines.get(j).inst();
                        if (n == null) continue;
                        if (n instanceof Inst.Unreachable) lines.set(j, Build.ret(dflt).dbg(n.dbg()).line());
                        break;
                    }
                }
            }
        }
        if (used && m.function(MARKER) == null) {
            int attrs = m.addAttributeGroup(List.of("nounwind", "memory(inaccessiblemem: readwrite)"));
            m.declare(Type.VOID, MARKER, List.of(), attrs);
        }
    }

    /** TinyGo's -panic=trap traps, and the runtime's panic entry points where TinyGo's optimizer did not replace them. */
    static boolean isPanic(String callee) {
        if (callee == null) return false;
        if (callee.equals("llvm.trap")) return true;
        if (!callee.startsWith("runtime.")) return false;
        String r = callee.substring(8);
        return r.equals("_panic") || r.equals("runtimePanic") || r.equals("runtimePanicAt") || r.equals("panicOrGoexit")
                || (r.endsWith("Panic") && !r.equals("blockingPanic"));
    }

    static Build.NewInst marker() {
        return Build.call(null, Type.VOID, Value.global(MARKER), List.of());
    }

    /**
     * The value a program returns where it would have panicked: the program kind's safe return
     * (XDP_ABORTED for XDP, TC_ACT_SHOT for tc: fail closed; 0 elsewhere); a helper function
     * returns the zero value of its type. Null for {@code void}.
     */
    static Operand defaultReturn(Function f, String section) {
        Type type = f.returnType();
        if (type instanceof Type.Void) return null;
        if (section != null && type instanceof Type.Int) {
            long v = io.tinybpf.bpf.ProgramKind.of(section).map(io.tinybpf.bpf.ProgramKind::safeReturn).orElse(0L);
            return Operand.of(type, Value.of(v));
        }
        return Operand.of(type, Value.zero(type));
    }
}
