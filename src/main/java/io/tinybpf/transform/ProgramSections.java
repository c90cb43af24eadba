package io.tinybpf.transform;

import io.tinybpf.ir.Function;
import java.util.Map;

/** Puts each program in its ELF section (which tells loaders its type and attach point). */
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
        }
    }
}
