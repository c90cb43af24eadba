package io.tinybpf.transform;

import io.tinybpf.ir.AttributeGroup;
import io.tinybpf.ir.Entity;
import io.tinybpf.ir.HeaderLine;
import io.tinybpf.ir.Module;

/**
 * Retargets the module to BPF: triple and datalayout (inserted when missing), and strips host
 * code-generation attributes (CPU, features, unwind tables, allocator hints) that mean nothing —
 * or something wrong — on BPF.
 */
final class Retarget implements Pass {
    static final String TRIPLE = "bpf";
    static final String DATALAYOUT = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128";

    @Override
    public String name() {
        return "retarget";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        m.setHeader(HeaderLine.Kind.DATALAYOUT, DATALAYOUT);
        m.setHeader(HeaderLine.Kind.TRIPLE, TRIPLE);

        for (Entity e : m.entries()) {
            if (e instanceof AttributeGroup g) g.removeIf(Retarget::isHostAttribute);
        }
    }

    static boolean isHostAttribute(String a) {
        return a.startsWith("\"target-cpu\"") || a.startsWith("\"target-features\"") || a.startsWith("\"tune-cpu\"")
                || a.startsWith("allockind(") || a.startsWith("allocsize(") || a.startsWith("\"alloc-family\"")
                || a.startsWith("uwtable") || a.startsWith("\"frame-pointer\"") || a.startsWith("\"stack-protector-buffer-size\"")
                || a.equals("sspstrong") || a.equals("ssp") || a.equals("sspreq");
    }
}
