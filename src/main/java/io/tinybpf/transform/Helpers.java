package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
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
                + "(bpf_map_lookup_elem is bpfMapLookupElem); see docs/writing-programs.md";
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
                if (!l.isInstruction()) continue;
                if (!"call".equals(l.opcode())) {
                    checkNotTaken(ctx, m, f, l);
                    continue;
                }
                Call c = l.call();
                String callee = c == null ? null : c.calleeName();
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
                List<String> args = new ArrayList<>(c.args());
                if (!args.isEmpty() && isContextArg(args.getLast())) args.removeLast();
                if (h.minArgs() >= 0 && (args.size() < h.minArgs() || args.size() > h.maxArgs())) {
                    String want = h.minArgs() == h.maxArgs() ? String.valueOf(h.minArgs()) : h.minArgs() + " to " + h.maxArgs();
                    ctx.error(go + " is declared with " + args.size() + " parameter(s) but bpf_" + h.kernel() + " takes "
                            + want, l, f, null);
                    continue;
                }
                c.rewrite("inttoptr (i64 " + h.id() + " to ptr)", args, true);
            }
        }
    }

    /** TinyGo passes {@code ptr undef} as the closure context of every Go function call. */
    static boolean isContextArg(String arg) {
        String a = arg.strip();
        return a.equals("ptr undef") || a.equals("ptr poison") || a.equals("ptr null");
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
