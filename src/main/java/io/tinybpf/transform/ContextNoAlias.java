package io.tinybpf.transform;

import io.tinybpf.ir.Function;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Marks each program's context parameter {@code noalias}: no other pointer the program holds — a
 * map value, a ring-buffer record, the stack, a package variable, packet data — ever points into
 * the context, which is the kernel's own structure ({@code xdp_md}, {@code __sk_buff}, the
 * tracepoint record, a syscall program's argument copy) reachable only through that parameter.
 *
 * <p>Why: Go gives LLVM no type-based alias information, so after a store through any pointer it
 * must assume a context field may have changed and loads it again. clang's C has TBAA (a
 * {@code u64} store cannot change a {@code u32} field), so it loads each field once. With
 * {@code noalias}, LLVM knows that stores through pointers not derived from the context leave it
 * alone (the benchmark's {@code map_array} read {@code ctx.Size} twice around the map-value
 * updates, {@code globals} read {@code ctx.X} again after storing package variables).
 *
 * <p>Helpers that change the context (packet-resizing ones such as {@code bpf_skb_pull_data},
 * {@code bpf_xdp_adjust_head}) receive it as an argument, which {@code noalias} permits: a call
 * given a pointer derived from the context may read and write through it, so fields are read
 * again after it, as the verifier requires for {@code data}/{@code data_end}.
 */
final class ContextNoAlias implements Pass {
    static final String NOALIAS = "noalias";

    @Override
    public String name() {
        return "context-noalias";
    }

    @Override
    public void run(TransformContext ctx) {
        for (Map.Entry<String, String> p : ctx.programs().entrySet()) {
            Function f = ctx.module().function(p.getKey());
            // link: a C program's context parameter is as clang declared it
            if (f == null || f.isDeclaration() || !ctx.isGo(f)) continue;
            List<Function.Param> params = new ArrayList<>(f.params());
            if (params.isEmpty() || !params.getFirst().type().isPtr() || params.getFirst().attributes().contains(NOALIAS)) continue;
            List<String> attrs = new ArrayList<>(params.getFirst().attributes());
            attrs.add(NOALIAS);
            params.set(0, params.getFirst().withAttributes(attrs));
            f.setParams(params);
        }
    }
}
