package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Cfg;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A helper or kfunc that may return NULL (a map lookup, a ring-buffer reservation, a socket
 * lookup, {@code bpf_task_from_pid}) must have its result checked before it is used: the verifier
 * rejects the program otherwise ({@code R0 invalid mem access 'map_value_or_null'}), far from the
 * Go code. This pass finds each use — a load or store through the pointer (or a field of it), or
 * passing it to a helper — that no nil check dominates, and reports it at its Go line.
 *
 * <p>A check is a branch on {@code p == nil} or {@code p != nil} whose non-nil successor is entered
 * only from the branch and dominates the use. TinyGo's own nil checks (before a dereference that
 * panics) count: they become safe returns, which the verifier accepts.
 */
final class NullChecks implements Pass {
    /** Helpers whose result the verifier treats as "or null" (RET_PTR_TO_..._OR_NULL). */
    private static final Set<String> NULLABLE_HELPERS = Set.of("map_lookup_elem", "map_lookup_percpu_elem", "ringbuf_reserve",
            "sk_lookup_tcp", "sk_lookup_udp", "skc_lookup_tcp", "sk_fullsock", "tcp_sock", "get_listener_sock", "sk_storage_get",
            "task_storage_get", "inode_storage_get", "cgrp_storage_get", "per_cpu_ptr", "dynptr_data", "skc_to_tcp6_sock",
            "skc_to_tcp_sock", "skc_to_tcp_timewait_sock", "skc_to_tcp_request_sock", "skc_to_udp6_sock", "skc_to_unix_sock",
            "skc_to_mptcp_sock", "sock_from_file");

    /** kfuncs marked KF_RET_NULL in the kernel. */
    private static final Set<String> NULLABLE_KFUNCS = Set.of("bpf_task_from_pid", "bpf_task_from_vpid", "bpf_task_acquire",
            "bpf_cgroup_acquire", "bpf_cgroup_from_id", "bpf_cgroup_ancestor", "bpf_task_get_cgroup1", "bpf_cpumask_create",
            "bpf_obj_new_impl", "bpf_percpu_obj_new_impl", "bpf_refcount_acquire_impl", "bpf_list_pop_front", "bpf_list_pop_back",
            "bpf_rbtree_remove", "bpf_rbtree_first", "bpf_get_task_exe_file", "bpf_iter_task_vma_next", "bpf_dynptr_slice",
            "bpf_dynptr_slice_rdwr", "bpf_kptr_xchg");

    @Override
    public String name() {
        return "null-checks";
    }

    @Override
    public String hint() {
        return "check the result before using it, e.g. if v := (*uint64)(bpfMapLookupElem(...)); v != nil { *v++ }";
    }

    @Override
    public void run(TransformContext ctx) {
        HelperTable table = HelperTable.get();
        for (Function f : ctx.module().functions()) {
            // a Go-level diagnosis: another front end's code (link mode: clang's C, already optimized,
            // its checks merged into shapes this pass does not follow) is left to the verifier
            if (f.isDeclaration() || !ctx.isGo(f)) continue;
            Cfg cfg = null;
            for (BodyLine l : f.allLines()) {
                if (!(l.inst() instanceof Call c) || l.result() == null) continue;
                String what = nullable(table, c);
                if (what == null) continue;
                if (cfg == null) cfg = new Cfg(f);
                check(ctx, f, cfg, l.result(), what);
            }
        }
    }

    /** What the call is, when its result may be NULL; null otherwise. */
    private static String nullable(HelperTable table, Call c) {
        HelperTable.Helper h = table.called(c);
        if (h != null) return NULLABLE_HELPERS.contains(h.kernel()) ? "bpf_" + h.kernel() : null;
        String n = c.calleeName();
        return n != null && NULLABLE_KFUNCS.contains(n) ? n : null;
    }

    private static void check(TransformContext ctx, Function f, Cfg cfg, String result, String what) {
        Set<String> derived = new HashSet<>();
        derived.add(result);
        for (Function.Block b : f.blocks()) {
            for (BodyLine l : b.lines()) {
                Inst in = l.inst();
                if (in == null) continue;
                boolean use = false;
                switch (in) {
                    case Inst.Gep g when derived.contains(g.base().local()) -> derived.add(g.result());
                    case Inst.Cast cast when derived.contains(cast.source().local()) && cast.target().isPtr() -> derived.add(cast.result());
                    case Inst.Load load -> use = derived.contains(load.pointer().local());
                    case Inst.Store store -> use = derived.contains(store.pointer().local());
                    case Call c when c.callee() instanceof Value.IntToPtr -> {
                        for (Operand a : c.arguments()) if (derived.contains(a.local())) use = true;
                    }
                    default -> {}
                }
                if (use && !checked(cfg, b, derived)) {
                    ctx.error("the result of " + what + " may be nil and is used here without a nil check (the verifier would "
                            + "reject the program)", l, f, null);
                    return; // one report per result: the first unchecked use
                }
            }
        }
    }

    /** Whether a nil check on one of the values dominates block {@code use}. */
    private static boolean checked(Cfg cfg, Function.Block use, Set<String> values) {
        for (Function.Block b : cfg.reversePostorder()) {
            BodyLine t = b.terminator();
            if (t == null || !(t.inst() instanceof Inst.Br br) || !br.isConditional()) continue;
            String cond = br.condition().local();
            if (cond == null) continue;
            Inst.ICmp cmp = comparison(b, cond);
            if (cmp == null || !nilCompare(cmp, values)) continue;
            List<String> targets = br.targets();
            String nonNil = cmp.predicate().equals("eq") ? targets.get(1) : targets.get(0);
            Function.Block s = cfg.block(nonNil);
            if (s != null && cfg.edgeDominates(b, s, use)) return true;
        }
        return false;
    }

    private static Inst.ICmp comparison(Function.Block b, String cond) {
        for (BodyLine l : b.lines()) if (l.inst() instanceof Inst.ICmp c && cond.equals(c.result())) return c;
        return null;
    }

    private static boolean nilCompare(Inst.ICmp cmp, Set<String> values) {
        if (!cmp.predicate().equals("eq") && !cmp.predicate().equals("ne")) return false;
        Value a = cmp.lhs().value(), b = cmp.rhs().value();
        return (values.contains(a.localName()) && Value.NULL.equals(b)) || (values.contains(b.localName()) && Value.NULL.equals(a));
    }
}
