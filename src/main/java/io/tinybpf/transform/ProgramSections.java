package io.tinybpf.transform;

import io.tinybpf.ir.Attr;
import io.tinybpf.ir.Function;
import java.util.Map;

/**
 * Puts each program in its ELF section (which tells loaders its type and attach point), and tells
 * the optimizer its context pointer is never nil (the kernel guarantees it), so TinyGo's nil
 * checks on the context disappear instead of becoming panic paths.
 */
final class ProgramSections implements Pass {
    @Override
    public String name() {
        return "program-sections";
    }

    @Override
    public void run(TransformContext ctx) {
        for (Map.Entry<String, String> p : ctx.programs().entrySet()) {
            Function f = ctx.module().function(p.getKey());
            f.setSection(p.getValue());
            if (f.isInternal()) f.setLinkage("");
            markContextNonNull(f);
        }
    }

    private static void markContextNonNull(Function f) {
        java.util.List<Function.Param> params = new java.util.ArrayList<>(f.params());
        if (params.isEmpty() || !params.getFirst().type().isPtr()) return;
        Function.Param first = params.getFirst();
        if (first.attributes().contains(Attr.NONNULL)) return;
        java.util.List<String> attrs = new java.util.ArrayList<>();
        attrs.add(Attr.NONNULL);
        // the context is always there: dereferenceable_or_null(N) becomes dereferenceable(N)
        for (String a : first.attributes()) attrs.add(a.startsWith("dereferenceable_or_null(")
                ? "dereferenceable(" + a.substring("dereferenceable_or_null(".length()) : a);
        params.set(0, first.withAttributes(attrs));
        f.setParams(params);
    }
}
