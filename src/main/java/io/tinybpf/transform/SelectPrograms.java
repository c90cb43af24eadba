package io.tinybpf.transform;

import io.tinybpf.ir.Entity;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalValue;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Alias;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
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
 * Reachable non-program functions become internal (and static in BTF), so they are BPF
 * subprograms in {@code .text}. What {@code @llvm.used}/{@code @llvm.compiler.used} name is kept.
 *
 * <p>In {@code link} mode a function with its own section is a program in it ({@code --section}
 * overrides), an external function without one is library code, and the non-Go inputs' external
 * globals and sectioned globals are kept as clang would keep them.
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
            chosen.addAll(ctx.options().isLink() ? linkPrograms(ctx, exported) : exported);
            if (chosen.isEmpty()) {
                ctx.error(ctx.options().isLink() ? "no BPF programs found: no function has an ELF section and no Go function is exported"
                        : "no BPF programs found: no exported function in the package", (io.tinybpf.diag.SourcePos) null,
                        ctx.options().isLink() ? "give C programs a section (SEC(\"xdp\")), or name them with --section NAME=SECTION"
                                : "mark each program function with a //export <name> comment, e.g. //export handle_connect");
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
            if ((sec == null || sec.isBlank()) && ctx.options().isLink()) sec = programSection(m.function(p));
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

    /**
     * The programs of a {@code link} module, in module order: functions placed in a section of
     * their own (clang's {@code SEC("xdp")}), exported Go functions, and functions named by
     * {@code --section}. Other external functions are library code, kept only when called.
     */
    private static List<String> linkPrograms(TransformContext ctx, List<String> exported) {
        Set<String> named = new HashSet<>(exported);
        named.addAll(ctx.options().sections().keySet());
        List<String> out = new ArrayList<>();
        for (Function f : ctx.module().functions()) {
            if (f.isDeclaration()) continue;
            if (programSection(f) != null || named.contains(f.name())) out.add(f.name());
        }
        return out;
    }

    /** The section a function's own IR gives it, when that makes it a program (not plain {@code .text}). */
    static String programSection(Function f) {
        String s = f == null ? null : f.section();
        if (s == null || s.isBlank() || s.equals(".text") || s.startsWith(".text.")) return null;
        return s;
    }

    /** Exported user functions: external definitions whose Go name says they were renamed by //export. */
    static List<String> exportedFunctions(TransformContext ctx) {
        List<String> out = new ArrayList<>();
        for (Function f : ctx.module().functions()) {
            if (f.isDeclaration() || f.isInternal() || !ctx.isGo(f)) continue;
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
        java.util.function.Consumer<Entity> root = e -> {
            if (e != null && live.add(e)) work.add(e);
        };
        for (String p : ctx.programs().keySet()) root.accept(byName.get(p));
        // A user-defined license global is a root too.
        for (GlobalVar g : m.globalVars()) {
            String simple = GoNames.simpleName(g.name());
            if ("license".equals(simple) || "_license".equals(simple) || "license".equals(g.section())) root.accept(g);
            // what the input exported or placed itself (clang keeps both: loaders and userspace read them)
            if (ctx.exportedByInput(g) || (!ctx.isGo(g) && !g.isDeclaration() && g.section() != null && !g.name().startsWith("llvm."))) root.accept(g);
        }
        // @llvm.used / @llvm.compiler.used keep what they name (a map only userspace uses), except
        // programs left out by --program: those go, and so do their entries
        for (GlobalVar used : usedLists(m)) {
            live.add(used);
            for (String ref : Module.globalRefs(used)) {
                Entity t = byName.get(ref);
                if (t instanceof Function f && programSection(f) != null && !ctx.isProgram(f.name())) continue;
                root.accept(t);
            }
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
        Set<String> doomedNames = new HashSet<>();
        for (Entity e : doomed) doomedNames.add(((GlobalValue) e).name());
        for (GlobalVar used : usedLists(m)) if (!dropFromUsedList(used, doomedNames)) doomed.add(used);
        m.removeAll(doomed);
        for (Function f : m.functions()) {
            if (!f.isDeclaration() && !ctx.isProgram(f.name()) && !f.isInternal()) makeStatic(ctx, f);
        }
    }

    /** {@code @llvm.used} and {@code @llvm.compiler.used}, when the module has them. */
    private static List<GlobalVar> usedLists(Module m) {
        List<GlobalVar> out = new ArrayList<>();
        for (String n : List.of("llvm.used", "llvm.compiler.used")) {
            GlobalVar g = m.globalVar(n);
            if (g != null && !g.isDeclaration()) out.add(g);
        }
        return out;
    }

    /** Removes the entries naming dropped symbols; returns false when nothing is left (the list goes too). */
    private static boolean dropFromUsedList(GlobalVar used, Set<String> doomed) {
        if (!(used.initializerValue() instanceof Value.Aggregate a)) return true;
        List<Operand> kept = new ArrayList<>();
        for (Operand o : a.elements()) {
            if (!(o.value() instanceof Value.Global g && doomed.contains(g.name()))) kept.add(o);
        }
        if (kept.size() == a.elements().size()) return true;
        if (kept.isEmpty()) return false;
        Type element = used.type() instanceof Type.Array arr ? arr.element() : Type.PTR;
        used.setTypeAndInitializer(new Type.Array(kept.size(), element), new Value.Aggregate(a.open(), kept));
        return true;
    }

    /**
     * A reachable non-program becomes internal, a BPF subprogram in {@code .text}; its debug info
     * says so too ({@code DISPFlagLocalToUnit}), or its BTF FUNC stays global and the verifier
     * checks it on its own, against a prototype the optimizer has since specialised (a null check
     * dropped because every caller passes a stack pointer).
     */
    static void makeStatic(TransformContext ctx, Function f) {
        f.setLinkage("internal");
        io.tinybpf.ir.MetadataDef sp = ctx.module().metadata(f.attachment("dbg"));
        if (sp == null || !"DISubprogram".equals(sp.kind())) return;
        List<String> flags = new ArrayList<>(sp.flagsField("spFlags"));
        if (flags.contains("DISPFlagLocalToUnit")) return;
        flags.addFirst("DISPFlagLocalToUnit");
        sp.setField("spFlags", io.tinybpf.ir.Md.flags(flags));
    }
}
