package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * A body-less Go function named after a kernel helper ({@code func bpfMapLookupElem(m, k
 * unsafe.Pointer) unsafe.Pointer} for {@code bpf_map_lookup_elem}) is called by number:
 * {@code call ptr inttoptr (i64 1 to ptr)(...)}, without TinyGo's trailing context argument.
 * Unknown names and wrong argument counts are errors with the Go line and a suggestion.
 */
final class Helpers implements Pass {
    @Override
    public String name() {
        return "helpers";
    }

    @Override
    public String hint() {
        return "helper declarations are body-less Go functions named bpf + the kernel name in CamelCase "
                + "(bpf_map_lookup_elem is bpfMapLookupElem), or call the SDK's bpf package; see docs/helpers.md";
    }

    /** Is {@code irName} (a declaration) a helper stub, by its Go identifier? */
    static boolean isHelperName(String irName) {
        String s = GoNames.simpleName(irName);
        return s != null && s.length() > 3 && s.startsWith("bpf") && Character.isUpperCase(s.charAt(3))
                && !s.startsWith("bpfCore") && !s.startsWith("bpfKfunc");
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        HelperTable table = HelperTable.get();
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            for (BodyLine l : f.allLines()) {
                Inst in = l.inst();
                if (in == null) continue;
                if (!(in instanceof Call c)) {
                    checkNotTaken(ctx, m, f, l);
                    continue;
                }
                String callee = c.calleeName();
                if (callee == null || !isHelperName(callee)) continue;
                Function decl = m.function(callee);
                if (decl == null || !decl.isDeclaration()) continue; // a Go function with a body is ordinary code
                String go = GoNames.simpleName(callee);
                HelperTable.Helper h = table.byGoName(go);
                if (h == null) {
                    String s = table.suggest(go);
                    ctx.error("unknown BPF helper " + go + (s != null ? " (did you mean " + s + "?)" : ""), l, f,
                            s == null ? "no kernel helper bpf_" + GoNames.camelToSnake(go.substring(3)) + " exists (kernel 6.18 list)" : null);
                    continue;
                }
                List<Operand> args = withoutContext(c.arguments());
                Integer cb = CALLBACK_ARG.get(h.kernel());
                if (cb != null) args = callbackAsFunction(ctx, args, cb);
                if (h.minArgs() >= 0 && (args.size() < h.minArgs() || args.size() > h.maxArgs())) {
                    String want = h.minArgs() == h.maxArgs() ? String.valueOf(h.minArgs()) : h.minArgs() + " to " + h.maxArgs();
                    ctx.error(go + " is declared with " + args.size() + " parameter(s) but bpf_" + h.kernel() + " takes "
                            + want, l, f, null);
                    continue;
                }
                c.setCalleeAndArguments(new Value.IntToPtr(Type.I64, h.id()), args);
            }
        }
    }

    /** Helpers that take a callback, and the callback's argument position in the kernel's signature. */
    private static final java.util.Map<String, Integer> CALLBACK_ARG = java.util.Map.of("loop", 1, "for_each_map_elem", 1,
            "timer_set_callback", 1, "find_vma", 3, "user_ringbuf_drain", 1);

    /**
     * A Go func value is two words, a closure context and the function; a kernel callback is only
     * the function. The context word (undef: a top-level function has none) is dropped, and so is
     * the callback's own unused context parameter, so the kernel's call matches its signature.
     */
    private static List<Operand> callbackAsFunction(TransformContext ctx, List<Operand> args, int position) {
        if (args.size() <= position + 1 || !isContextArg(args.get(position)) || !(args.get(position + 1).value() instanceof Value.Global fn)) {
            return args;
        }
        List<Operand> out = new ArrayList<>(args);
        out.remove(position);
        Function target = ctx.module().function(fn.name());
        if (target != null && !target.isDeclaration()) dropUnusedContext(target);
        return out;
    }

    private static void dropUnusedContext(Function f) {
        List<Function.Param> params = f.params();
        if (params.isEmpty() || !"context".equals(params.getLast().name()) || !params.getLast().type().isPtr()) return;
        for (BodyLine l : f.allLines()) {
            if (l.isInstruction() && l.localOperands().contains("context")) return;
        }
        f.setParams(params.subList(0, params.size() - 1));
        // debug records may still describe the parameter: they describe nothing now
        for (BodyLine l : f.allLines()) if (l.kind() == BodyLine.Kind.DEBUG_RECORD) l.replaceLocal("context", Value.POISON);
    }

    /** The arguments without TinyGo's trailing closure context ({@code ptr undef}). */
    static List<Operand> withoutContext(List<Operand> args) {
        List<Operand> out = new ArrayList<>(args);
        if (!out.isEmpty() && isContextArg(out.getLast())) out.removeLast();
        return out;
    }

    /** TinyGo passes {@code ptr undef} as the closure context of every Go function call. */
    static boolean isContextArg(Operand arg) {
        return arg.type().isPtr() && arg.attributes().isEmpty()
                && (arg.value() == Value.UNDEF || Value.UNDEF.equals(arg.value()) || Value.POISON.equals(arg.value()) || Value.NULL.equals(arg.value()));
    }

    private static void checkNotTaken(TransformContext ctx, Module m, Function f, BodyLine l) {
        if (l.text().indexOf('@') < 0) return;
        io.tinybpf.ir.Tokens t = l.tokens();
        for (int i = 0; i < t.size(); i++) {
            if (t.kind(i) != io.tinybpf.ir.Tok.GLOBAL) continue;
            String name = t.identName(i);
            Function d = m.function(name);
            if (d != null && d.isDeclaration() && isHelperName(name)) {
                ctx.error("helper " + GoNames.simpleName(name) + " is used as a value; BPF helpers can only be called", l, f, null);
            }
        }
    }
}
