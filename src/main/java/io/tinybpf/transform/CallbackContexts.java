package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells LLVM that a callback's context pointer is not nil when every call handing the callback
 * to the kernel passes a context that is not. {@code bpfLoop(n, square, unsafe.Pointer(&a), 0)}
 * makes the kernel call {@code square(i, ctx)} with exactly the pointer given ({@code &a}, a stack
 * variable); inside {@code square}, {@code (*acc)(ctx).Sum} gets TinyGo's nil check, which LLVM
 * cannot drop since it does not know who calls the function. C has no such check (the benchmark's
 * bpf_loop callback: two instructions, and a reachable-panic warning, more than clang's).
 *
 * <p>So for the callback helpers below, when a function's every mention in the module is as the
 * callback argument of such a call, and each of those calls passes a context that cannot be nil
 * (marked {@code nonnull}, a stack slot, a global), its context parameter gets {@code nonnull}.
 * A function used any other way — called directly, stored, passed elsewhere, given a nil or unknown
 * context — is left as it is and keeps its check. In link mode only TinyGo's callbacks are touched.
 */
final class CallbackContexts implements Pass {
    /** Kernel helper name → (callback argument, context argument, the callback's context parameter). */
    static final Map<String, int[]> CALLBACK_HELPERS = Map.of(
            "loop", new int[] {1, 2, 1},
            "for_each_map_elem", new int[] {1, 2, 3},
            "find_vma", new int[] {2, 3, 2},
            "user_ringbuf_drain", new int[] {1, 2, 1});

    @Override
    public String name() {
        return "callback-contexts";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        HelperTable table = HelperTable.get();
        // callback → its context parameter, while every use seen so far qualifies; null once one does not
        Map<String, Integer> param = new HashMap<>();
        Set<String> disqualified = new HashSet<>();
        Map<String, Integer> qualifyingUses = new HashMap<>();
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            Set<String> allocas = new HashSet<>();
            for (BodyLine l : f.allLines()) if (l.inst() instanceof Inst.Alloca a) allocas.add(a.result());
            for (BodyLine l : f.allLines()) {
                if (!(l.inst() instanceof Call c)) continue;
                HelperTable.Helper h = table.called(c);
                int[] pos = h == null ? null : CALLBACK_HELPERS.get(h.kernel());
                List<Operand> args = c.arguments();
                if (pos == null || args.size() <= Math.max(pos[0], pos[1])) continue;
                if (!(args.get(pos[0]).value() instanceof Value.Global cb)) continue;
                Integer before = param.putIfAbsent(cb.name(), pos[2]);
                if (before != null && before != pos[2] || !nonNull(args.get(pos[1]), allocas)) disqualified.add(cb.name());
                else qualifyingUses.merge(cb.name(), 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : param.entrySet()) {
            String name = e.getKey();
            Function cb = m.function(name);
            if (disqualified.contains(name) || cb == null || cb.isDeclaration() || !ctx.isGo(cb)) continue;
            if (mentions(m, name) != qualifyingUses.getOrDefault(name, 0)) continue;
            List<Function.Param> params = new ArrayList<>(cb.params());
            int i = e.getValue();
            if (i >= params.size() || !params.get(i).type().isPtr() || params.get(i).attributes().contains("nonnull")) continue;
            List<String> attrs = new ArrayList<>(params.get(i).attributes());
            attrs.add("nonnull");
            params.set(i, params.get(i).withAttributes(attrs));
            cb.setParams(params);
        }
    }

    /** A context argument that cannot be nil: marked so, a stack slot of the caller, or a global's address. */
    private static boolean nonNull(Operand arg, Set<String> allocas) {
        if (arg.hasAttribute("nonnull")) return true;
        Value v = arg.value();
        if (v instanceof Value.Global) return true;
        return v.localName() != null && allocas.contains(v.localName());
    }

    /** How many times the module names {@code global} outside its own definition: in bodies and in global initializers. */
    private static int mentions(Module m, String global) {
        int n = 0;
        for (Function f : m.functions()) for (BodyLine l : f.allLines()) n += ReadOnlyGlobals.mentions(l.tokens(), global);
        for (GlobalVar g : m.globalVars()) if (Module.globalRefs(g).contains(global)) n++;
        return n;
    }
}
