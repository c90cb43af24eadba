package io.tinybpf.transform;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Tok;
import io.tinybpf.ir.Tokens;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A package-level table the program only reads is a constant: {@code var weights =
 * [8]uint32{1, 2, 4, ...}} becomes an LLVM {@code constant}, so {@link Globals} puts it in
 * {@code .rodata} and opt folds reads at known indices and unrolls searches of small tables, as
 * clang does for a {@code static const} table (the benchmark's table of port ranges: 38
 * instructions and 61 processed against clang's 36 and 48).
 *
 * <p>Go has no constant arrays, and TinyGo at {@code -opt=0} leaves every variable writable;
 * with its own optimizer (before the build ran it at {@code -opt=0}) LLVM's global optimizer made
 * such variables constant, which is where the documented {@code .rodata} placement of read-only
 * tables came from. This pass restores that for <em>arrays with a non-zero initializer</em> only:
 * a variable counts when it is TinyGo's, internal to the module, and every use in the program is a
 * load from it or from a constant or run-time offset into it, or a copy out of it. Anything else
 * — a store, an atomic, its address passed to a helper or a function, stored, converted to an
 * integer or named by another variable's initializer — keeps it a variable.
 *
 * <p>Scalars, structs and zero values are left as variables although the program may only read
 * them too: those are how a userspace loader passes a setting (cilium/ebpf {@code Variables},
 * the generated {@code Set<Name><Var>}), and folding them would silently ignore what the loader
 * wrote. A table the loader should fill belongs in a map. In link mode
 * other front ends' globals are clang's to place and are not touched.
 */
final class ReadOnlyGlobals implements Pass {
    @Override
    public String name() {
        return "read-only-globals";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        Set<String> candidates = new LinkedHashSet<>();
        for (GlobalVar g : m.globalVars()) if (isCandidate(ctx, g)) candidates.add(g.name());
        if (candidates.isEmpty()) return;
        // another variable's initializer pointing at one: it escapes
        for (GlobalVar g : m.globalVars()) candidates.removeAll(Module.globalRefs(g));
        for (Function f : m.functions()) {
            if (f.isDeclaration() || candidates.isEmpty()) continue;
            candidates.removeAll(writtenOrEscaping(f, candidates));
        }
        for (GlobalVar g : m.globalVars()) if (candidates.contains(g.name())) g.setConstant(true);
    }

    private static boolean isCandidate(TransformContext ctx, GlobalVar g) {
        if (g.isConstant() || g.isDeclaration() || !ctx.isGo(g)) return false;
        if (g.section() != null || g.hasQualifier("externally_initialized")) return false;
        if (!g.hasQualifier("internal") && !g.hasQualifier("private")) return false;
        String simple = GoNames.simpleName(g.name());
        if (simple.equals("license") || simple.equals("_license") || g.name().startsWith("llvm.")) return false;
        return g.type() instanceof Type.Array && !g.initializerValue().isZero();
    }

    /** The candidates this function may write or lets escape: every use except an address to read from. */
    private static Set<String> writtenOrEscaping(Function f, Set<String> candidates) {
        // locals pointing into a candidate (GEPs on it, transitively), with the candidate; computed
        // over the whole function first, since a block that uses a pointer may come before the one defining it
        Map<String, String> derived = new HashMap<>();
        for (boolean grew = true; grew; ) {
            grew = false;
            for (BodyLine l : f.allLines()) {
                if (!(l.inst() instanceof Inst.Gep g) || derived.containsKey(g.result())) continue;
                String into = baseCandidate(g, candidates, derived);
                if (into != null) {
                    derived.put(g.result(), into);
                    grew = true;
                }
            }
        }
        Set<String> out = new HashSet<>();
        for (BodyLine l : f.allLines()) {
            if (!l.isInstruction()) continue;
            Set<String> globals = Module.globalRefsOf(l);
            globals.retainAll(candidates);
            List<String> locals = new ArrayList<>();
            for (String u : l.localOperands()) if (derived.containsKey(u)) locals.add(u);
            if (globals.isEmpty() && locals.isEmpty()) continue;
            boolean readOnly = switch (l.inst()) {
                // a load reads at its address, the only operand its line has
                case Inst.Load ld -> true;
                // comparing addresses writes nothing and lets nothing escape
                case Inst.ICmp c -> true;
                // a copy out of it (x := table): the source of a memcpy is only read
                case Call c -> isCopyFrom(c, globals, locals);
                // a pointer into it: its own uses are checked where they are
                case Inst.Gep g -> onlyAsBase(g, globals, locals);
                case null, default -> false;
            };
            if (readOnly) continue;
            out.addAll(globals);
            for (String u : locals) out.add(derived.get(u));
        }
        return out;
    }

    /** The candidate a GEP's base points into (a candidate or a pointer derived from one), or null. */
    private static String baseCandidate(Inst.Gep g, Set<String> candidates, Map<String, String> derived) {
        Value base = g.base().value();
        if (base instanceof Value.Global b) return candidates.contains(b.name()) ? b.name() : null;
        return base.localName() == null ? null : derived.get(base.localName());
    }

    /** The GEP mentions the candidate (or the pointer into it) as its base only, not in an index. */
    private static boolean onlyAsBase(Inst.Gep g, Set<String> globals, List<String> locals) {
        Value base = g.base().value();
        if (base instanceof Value.Global b) return globals.equals(Set.of(b.name())) && locals.isEmpty() && mentions(g.line().tokens(), b.name()) == 1;
        return base.localName() != null && globals.isEmpty() && locals.equals(List.of(base.localName()));
    }

    private static boolean isCopyFrom(Call c, Set<String> globals, List<String> locals) {
        String callee = c.calleeName();
        if (callee == null || !(callee.startsWith("llvm.memcpy.") || callee.startsWith("llvm.memmove."))) return false;
        List<Operand> args = c.arguments();
        if (args.size() < 2) return false;
        Value src = args.get(1).value();
        // the candidate may appear only as the source argument
        if (src instanceof Value.Global g) return globals.equals(Set.of(g.name())) && locals.isEmpty() && mentions(c.line().tokens(), g.name()) == 1;
        return src.localName() != null && globals.isEmpty() && locals.equals(List.of(src.localName()));
    }

    /** How many times a line's tokens name {@code global}. */
    static int mentions(Tokens t, String global) {
        int n = 0;
        for (int i = 0; i < t.size(); i++) if (t.kind(i) == Tok.GLOBAL && t.identName(i).equals(global)) n++;
        return n;
    }
}
