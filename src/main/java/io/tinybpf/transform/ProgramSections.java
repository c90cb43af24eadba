package io.tinybpf.transform;

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
        java.util.List<Function.Param> params = f.params();
        if (params.isEmpty() || !params.getFirst().type().equals("ptr")) return;
        String first = params.getFirst().text();
        if (first.contains("nonnull")) return;
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (Function.Param p : params) texts.add(p.text());
        texts.set(0, "ptr nonnull" + first.substring(3).replace(" dereferenceable_or_null(", " dereferenceable("));
        f.setParams(texts);
    }
}
