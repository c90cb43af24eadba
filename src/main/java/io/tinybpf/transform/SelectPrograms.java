package io.tinybpf.transform;

import io.tinybpf.ir.Entity;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalValue;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Alias;
import io.tinybpf.ir.Module;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the programs (the exported functions, or the {@code --program} list), checks each has a
 * section, and keeps exactly what they reach: functions they call and globals they use, however
 * deep. Everything else — the TinyGo runtime, {@code main}, unused user code — is dropped.
 * Reachable non-program functions become internal, so they are BPF subprograms in {@code .text}.
 */
final class SelectPrograms implements Pass {
    @Override
    public String name() {
        return "select-programs";
    }

    @Override
    public String hint() {
        return "programs are the functions marked //export; map each to an ELF section with --section NAME=SECTION "
                + "or under \"programs\" in tinybpf.json";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        List<String> exported = exportedFunctions(ctx);
        List<String> chosen = new ArrayList<>();
        if (ctx.options().programs().isEmpty()) {
            chosen.addAll(exported);
            if (chosen.isEmpty()) {
                ctx.error("no BPF programs found: no exported function in the package", (io.tinybpf.diag.SourcePos) null,
                        "mark each program function with a //export <name> comment, e.g. //export handle_connect");
                return;
            }
        } else {
            for (String p : ctx.options().programs()) {
                Function f = m.function(p);
                if (f == null || f.isDeclaration()) {
                    ctx.error("requested program \"" + p + "\" is not a function defined in the package (exported functions: "
                            + String.join(", ", exported) + ")", (io.tinybpf.diag.SourcePos) null, null);
                } else {
                    chosen.add(p);
                }
            }
        }
        Set<String> chosenSet = new HashSet<>(chosen);
        for (String p : chosen) {
            String sec = ctx.options().sections().get(p);
            if (sec == null || sec.isBlank()) {
                Function f = m.function(p);
                ctx.error("program " + p + " has no ELF section", ctx.debug().position(f), "add --section " + p
                        + "=<section> (e.g. tracepoint/syscalls/sys_enter_connect, xdp, tc/ingress, kprobe/do_unlinkat)"
                        + " or a \"programs\" entry in tinybpf.json");
            } else {
                ctx.programs().put(p, sec);
            }
        }
        for (String name : new TreeSet<>(ctx.options().sections().keySet())) {
            if (chosenSet.contains(name)) continue;
            Function f = m.function(name);
            if (f == null || f.isDeclaration()) {
                ctx.error("--section " + name + "=...: there is no exported function " + name + " (exported: "
                        + String.join(", ", exported) + ")", (io.tinybpf.diag.SourcePos) null, null);
            }
        }
        if (!ctx.problems().isEmpty()) return;
        keepReachable(ctx, m);
    }

    /** Exported user functions: external definitions whose Go name says they were renamed by //export. */
    static List<String> exportedFunctions(TransformContext ctx) {
        List<String> out = new ArrayList<>();
        for (Function f : ctx.module().functions()) {
            if (f.isDeclaration() || f.isInternal()) continue;
            String ir = f.name();
            String go = ctx.debug().goName(f);
            if (go.equals(ir)) {
                // no debug info, or not renamed: fall back to IR naming conventions
                if (ir.contains(".") || ir.contains("/") || isRuntimeExport(ir)) continue;
            } else if (GoNames.isStdOrRuntime(GoNames.packageOf(go))) {
                continue;
            }
            out.add(ir);
        }
        // An exported function another exported function calls is a library function (common in
        // C inputs to `link`), not an entry point.
        java.util.Set<String> called = new java.util.HashSet<>();
        for (String name : out) {
            for (String ref : Module.globalRefs(ctx.module().function(name))) if (!ref.equals(name)) called.add(ref);
        }
        out.removeIf(called::contains);
        return out;
    }

    private static boolean isRuntimeExport(String ir) {
        return ir.equals("main") || ir.equals("__dynamic_loader") || ir.startsWith("tinygo_") || ir.startsWith("runtime.")
                || ir.startsWith("internal/") || ir.startsWith("fminimum") || ir.startsWith("fmaximum");
    }

    private static void keepReachable(TransformContext ctx, Module m) {
        Map<String, Entity> byName = new java.util.HashMap<>();
        for (Entity e : m.entries()) if (e instanceof GlobalValue g) byName.putIfAbsent(g.name(), e);
        Set<Entity> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Entity> work = new ArrayDeque<>();
        for (String p : ctx.programs().keySet()) {
            Entity e = byName.get(p);
            if (live.add(e)) work.add(e);
        }
        // A user-defined license global is a root too.
        for (GlobalVar g : m.globalVars()) {
            String simple = GoNames.simpleName(g.name());
            if (("license".equals(simple) || "_license".equals(simple) || "license".equals(g.section())) && live.add(g)) work.add(g);
        }
        while (!work.isEmpty()) {
            Entity e = work.poll();
            for (String ref : Module.globalRefs(e)) {
                Entity t = byName.get(ref);
                if (t != null && live.add(t)) work.add(t);
            }
        }
        Set<Entity> doomed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Entity e : m.entries()) {
            if ((e instanceof Function || e instanceof GlobalVar || e instanceof Alias) && !live.contains(e)) doomed.add(e);
        }
        m.removeAll(doomed);
        for (Function f : m.functions()) {
            if (!f.isDeclaration() && !ctx.isProgram(f.name()) && !f.isInternal()) f.setLinkage("internal");
        }
    }
}
