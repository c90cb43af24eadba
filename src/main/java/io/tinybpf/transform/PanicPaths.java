package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
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
            String dflt = defaultReturn(f, ctx.programs().get(f.name()));
            for (Function.Block b : f.blocks()) {
                List<BodyLine> lines = b.lines();
                for (int i = 0; i < lines.size(); i++) {
                    BodyLine l = lines.get(i);
                    Call c = l.isInstruction() && "call".equals(l.opcode()) ? l.call() : null;
                    if (c == null || !"llvm.trap".equals(c.calleeName())) continue;
                    int dbg = l.attachment("dbg");
                    lines.set(i, BodyLine.instruction("call void @" + MARKER + "()" + (dbg >= 0 ? ", !dbg !" + dbg : "")));
                    used = true;
                    for (int j = i + 1; j < lines.size(); j++) {
                        BodyLine n = lines.get(j);
                        if (!n.isInstruction()) continue;
                        if ("unreachable".equals(n.opcode())) {
                            int d2 = n.attachment("dbg");
                            lines.set(j, BodyLine.instruction("ret " + dflt + (d2 >= 0 ? ", !dbg !" + d2 : "")));
                        }
                        break;
                    }
                }
            }
        }
        if (used && m.function(MARKER) == null) {
            int attrs = m.addAttributeGroup("nounwind memory(inaccessiblemem: readwrite)");
            m.addDeclaration("declare void @" + MARKER + "() #" + attrs);
        }
    }

    /**
     * The value a program returns where it would have panicked: XDP_ABORTED for XDP, TC_ACT_SHOT
     * for tc (fail closed), 0 elsewhere; a helper function returns the zero value of its type.
     */
    static String defaultReturn(Function f, String section) {
        String type = f.returnType();
        if (section != null && type.startsWith("i")) {
            boolean tc = io.tinybpf.bpf.SectionNames.resolve(section)
                    .map(d -> d.programType() == io.tinybpf.bpf.ProgramType.SCHED_CLS || d.programType() == io.tinybpf.bpf.ProgramType.SCHED_ACT)
                    .orElse(false);
            String v = tc ? "2" : "0";
            return type + " " + v;
        }
        return zeroValue(type);
    }

    static String zeroValue(String type) {
        if (type.equals("void")) return "void";
        if (type.equals("ptr") || type.startsWith("ptr ")) return type + " null";
        if (type.matches("i\\d+")) return type + " 0";
        if (type.equals("float") || type.equals("double") || type.equals("half")) return type + " 0.0";
        return type + " zeroinitializer";
    }
}
