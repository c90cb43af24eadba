package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Value;
import java.util.Set;

/**
 * Rejects Go constructs that need what BPF does not have — the TinyGo runtime (maps, string
 * concatenation, interfaces, channels, append), indirect calls, external functions, floating point
 * — each at its Go line, all at once.
 */
final class CheckConstructs implements Pass {
    private static final Set<String> FLOAT_OPS = Set.of("fadd", "fsub", "fmul", "fdiv", "frem", "fneg", "fcmp",
            "fptosi", "fptoui", "sitofp", "uitofp", "fpext", "fptrunc");

    @Override
    public String name() {
        return "check-constructs";
    }

    @Override
    public String hint() {
        return "BPF programs run without the Go runtime: use fixed-size arrays and structs, BPF maps instead of Go maps, "
                + "integers instead of floats, and concrete types instead of interfaces";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        // one report per construct and Go line (a loop inlined twice is still one mistake)
        record Seen(String construct, io.tinybpf.diag.SourcePos at) {}
        java.util.Set<Seen> reported = new java.util.HashSet<>();
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            // Runtime internals are not the user's code: the call into them is reported instead.
            if (GoNames.isStdOrRuntime(GoNames.packageOf(ctx.debug().goName(f)))) continue;
            for (BodyLine l : f.allLines()) {
                if (!l.isInstruction()) continue;
                String op = l.opcode();
                if (FLOAT_OPS.contains(op)) {
                    if (reported.add(new Seen("float", ctx.debug().position(l)))) {
                        ctx.error("floating-point arithmetic is not supported by BPF", l, f,
                                "use integer arithmetic (fixed point), e.g. scale values by 1000");
                    }
                    continue;
                }
                if (!(l.inst() instanceof Call c)) continue;
                String callee = c.calleeName();
                if (callee == null) {
                    if (c.callee() instanceof Value.Local) {
                        ctx.error("indirect call through a function value or interface is not supported by BPF", l, f,
                                "call functions directly; BPF has no function pointers (use tail calls for dispatch)");
                    } else if (c.isInlineAsm()) {
                        ctx.error("inline assembly is not supported", l, f, null);
                    }
                    continue;
                }
                Problem problem = describe(m, callee);
                if (problem != null && reported.add(new Seen(problem.construct(), ctx.debug().position(l)))) {
                    ctx.error(problem.message(), l, f, null);
                }
                if (callee.startsWith("llvm.") && usesFloatingPoint(c)) {
                    ctx.error("floating-point operation " + callee + " is not supported by BPF", l, f, null);
                }
            }
        }
    }

    private static boolean usesFloatingPoint(Call c) {
        if (c.returnType().isFloatingPoint()) return true;
        for (Operand o : c.arguments()) if (o.type().isFloatingPoint()) return true;
        return false;
    }

    /** What a call needs that BPF lacks: the construct (reported once per Go line) and the message. */
    record Problem(String construct, String message) {}

    /** What is wrong with calling {@code callee}, or null when the call is fine for BPF. */
    static Problem describe(Module m, String callee) {
        if (callee.startsWith("llvm.") || callee.equals("runtime.alloc")) return null;
        String simple = GoNames.simpleName(callee);
        if (simple != null && simple.startsWith("bpf") && !callee.startsWith("runtime.")) return null;
        if (callee.startsWith("interface:") || callee.contains("$invoke") || callee.contains("$typeassert")
                || callee.startsWith("runtime.typeAssert") || callee.startsWith("runtime.interface")) {
            String what = "interface method call or type assertion";
            return new Problem(what, what + " needs the Go runtime (dynamic dispatch)");
        }
        if (callee.startsWith("runtime.")) {
            String r = callee.substring("runtime.".length());
            String what = runtimeConstruct(r);
            if (what != null) return new Problem(what, what + " needs the Go runtime, which does not exist in BPF (runtime." + r + ")");
        }
        Function target = m.function(callee);
        if (target != null && target.isDeclaration()) {
            return new Problem(callee, "call to " + GoNames.display(callee) + ", which has no body: BPF programs cannot call external code"
                    + " (a BPF helper must be named bpf<Name> after the kernel's bpf_<name>, a kfunc bpfKfunc<Name>)");
        }
        return null;
    }

    private static String runtimeConstruct(String r) {
        if (r.startsWith("hashmap")) return "a Go map";
        if (r.startsWith("stringConcat")) return "string concatenation";
        if (r.startsWith("stringFrom") || r.startsWith("stringTo")) return "a string/[]byte/[]rune conversion";
        if (r.startsWith("chan") || r.startsWith("tryChan") || r.startsWith("select")) return "a channel operation";
        if (r.startsWith("sliceAppend") || r.startsWith("sliceGrow") || r.startsWith("growslice")) return "append";
        if (r.startsWith("print") || r.equals("printlock") || r.equals("printunlock")) return "print/println";
        if (r.startsWith("_panic") || r.equals("panic") || r.endsWith("Panic") || r.startsWith("runtimePanic")) {
            return "panic (or a runtime check such as a failed type conversion)";
        }
        if (r.startsWith("deadlock") || r.startsWith("Gosched") || r.startsWith("scheduler") || r.startsWith("startGoroutine")) {
            return "a goroutine or blocking operation";
        }
        if (r.startsWith("makeslice") || r.startsWith("makemap")) return "make";
        if (r.startsWith("deferFrame") || r.startsWith("destroyDeferFrame")) return "defer/recover";
        if (r.startsWith("gc") || r.startsWith("GC") || r.startsWith("trackPointer")) return "the garbage collector";
        return null; // e.g. memequal, stringEqual, memhash: plain loops, allowed when they verify
    }
}
