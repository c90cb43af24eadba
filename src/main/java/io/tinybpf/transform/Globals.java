package io.tinybpf.transform;

import io.tinybpf.diag.SourcePos;
import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.DataLayout;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Md;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import io.tinybpf.ir.Tok;
import io.tinybpf.ir.Tokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places the program's other globals where libbpf expects them and names them for loaders:
 * <ul>
 *   <li>Go package variables go to {@code .data}, {@code .bss} (zero) or {@code .rodata}
 *       (constant), lose their package prefix and become global, so cilium/ebpf and libbpf
 *       skeletons can read and set them by name;</li>
 *   <li>a {@code //go:extern name} variable is a constant the loader sets before load: it is
 *       defined zero in {@code .rodata} and every load from it becomes {@code volatile}, so the
 *       optimizer cannot fold the placeholder value (C's {@code const volatile});</li>
 *   <li>the {@code license} section comes from a Go variable named {@code license} (a
 *       NUL-terminated byte array) or from {@code --license} (default GPL).</li>
 * </ul>
 * Globals of other front ends ({@code link} mode: clang's C) are left as written, so a
 * function-local static keeps its name ({@code handle_tp.____fmt}) and static linkage, and llc
 * places each as clang does.
 */
final class Globals implements Pass {
    @Override
    public String name() {
        return "globals";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        DiBuilder di = new DiBuilder(m);
        boolean haveLicense = false;
        Set<String> taken = new HashSet<>();
        for (GlobalVar g : m.globalVars()) if (".maps".equals(g.section())) taken.add(g.name());
        Map<String, String> renames = new HashMap<>();
        for (GlobalVar g : new ArrayList<>(m.globalVars())) {
            if (g.section() != null && !g.section().isEmpty()) {
                if ("license".equals(g.section())) haveLicense = true;
                continue;
            }
            String name = g.name();
            if (name.startsWith("llvm.")) continue;
            // another front end's global (clang's C) stays as written: its name, linkage and
            // initializer tell llc where it goes (.bss for zero, .rodata for constants), as they do clang
            if (!ctx.isGo(g)) continue;
            String simple = GoNames.simpleName(name);
            if (simple.equals("license") || simple.equals("_license")) {
                haveLicense = true;
                license(ctx, g);
                continue;
            }
            if (g.isDeclaration()) {
                loaderConstant(ctx, di, g);
                continue;
            }
            // string literals, TinyGo's synthesized data (type descriptors, main$alloc) and the runtime's own
            // variables are not the program's: they keep local linkage, so loaders do not expose them and
            // the optimizer may drop what nothing uses
            boolean privateStr = g.hasQualifier("private") || name.contains("$") || GoNames.isStdOrRuntime(GoNames.packageOf(name));
            // zero of any spelling (i64 0, null, an aggregate of zeros) is .bss, as a C compiler places it
            String section = g.isConstant() ? ".rodata" : g.initializerValue().isZero() ? ".bss" : ".data";
            g.setSection(section);
            dropUnnamedAddr(g);
            if (privateStr) continue; // string literals and other compiler constants keep their local names
            String wanted = GoNames.btfIdentifier(simple);
            if (!wanted.equals(name) && m.globalValue(wanted) == null && !taken.contains(wanted)) {
                renames.put(name, wanted); // applied together after the loop: one pass over the module
                name = wanted;
            }
            taken.add(name);
            List<String> q = new ArrayList<>(g.qualifiers());
            q.removeIf(w -> w.equals("internal") || w.equals("private"));
            g.setQualifiers(q);
            MetadataDef var = ctx.debug().globalVariable(g);
            if (var != null) {
                var.setField("name", Md.str(name));
                var.removeField("linkageName");
                var.setField("isLocal", Md.word("false"));
            }
        }
        m.renameAll(renames);
        if (!haveLicense) {
            byte[] lic = (ctx.options().license() + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            m.addGlobal(new Module.GlobalDef("_license", List.of(), false, new Type.Array(lic.length, Type.I8), new Value.Bytes(lic),
                    "license", 1, -1));
        }
        anchors(ctx, di);
    }

    /**
     * Type anchors go after the license string in the license section: loaders read the license
     * only up to its NUL, so these bytes are never used, yet llc describes each as a BTF variable
     * of the anchored type — which is how the type reaches BTF without creating a map.
     */
    private static void anchors(TransformContext ctx, DiBuilder di) {
        Module m = ctx.module();
        int cu = di.compileUnit();
        for (TransformContext.TypeAnchor a : ctx.anchors()) {
            if (cu < 0 || m.globalValue(a.symbol()) != null) continue;
            int gve = di.globalVariable(a.symbol(), cu, -1, a.diType());
            m.addGlobal(new Module.GlobalDef(a.symbol(), List.of(), false, new Type.Array(a.sizeBytes(), Type.I8), Value.ZERO,
                    "license", 1, gve));
        }
    }

    private static void license(TransformContext ctx, GlobalVar g) {
        if (!(g.initializerValue() instanceof Value.Bytes b) || b.bytes().length == 0 || b.bytes()[b.bytes().length - 1] != 0) {
            ctx.error("the license variable must be a NUL-terminated byte array, e.g. var license = [4]byte{'G', 'P', 'L', 0}",
                    ctx.debug().position(ctx.debug().globalVariable(g)), null);
            return;
        }
        g.setSection("license");
        ctx.module().rename(g.name(), "_license");
        List<String> q = new ArrayList<>(g.qualifiers());
        q.removeIf(w -> w.equals("internal") || w.equals("private"));
        g.setQualifiers(q);
    }

    /** {@code //go:extern targetPort}: a loader-set constant in {@code .rodata}. */
    private static void loaderConstant(TransformContext ctx, DiBuilder di, GlobalVar g) {
        Module m = ctx.module();
        Type type = g.type();
        if (!loaderSettable(type)) {
            ctx.error("external variable " + g.name() + " has type " + type + ", which a loader cannot set (use an integer, "
                    + "a byte array or an array of integers)", (SourcePos) null, null);
            return;
        }
        DataLayout layout = new DataLayout(m);
        long size = layout.sizeOf(type);
        List<String> q = new ArrayList<>(g.qualifiers());
        q.removeIf(w -> w.equals("external") || w.equals("extern_weak"));
        g.setQualifiers(q);
        g.setConstant(true);
        g.setTypeAndInitializer(type, Value.ZERO);
        g.setSection(".rodata");
        g.setAlign((int) Math.min(8, Math.max(1, layout.alignOf(type))));
        if (g.attachment("dbg") < 0) {
            int cu = di.compileUnit();
            if (cu >= 0) {
                int ty = di.fromIrType(type, size);
                g.setAttachment("dbg", di.globalVariable(g.name(), cu, di.fileOfUnit(cu), ty));
            }
        }
        makeLoadsVolatile(m, g.name());
    }

    /**
     * Removes {@code unnamed_addr} from globals placed in data sections. With it, llc treats a
     * constant of 4, 8, 16 or 32 bytes as mergeable and emits it into a second section of the same
     * name ({@code SHF_MERGE}, its own entry size). Loaders and the BTF DATASEC then describe one
     * {@code .rodata} while the variables sit at offset 0 of two: a loader-set constant beside a
     * table would be written over the table's bytes.
     *
     * @return whether anything changed
     */
    static boolean dropUnnamedAddr(Module m) {
        boolean changed = false;
        for (GlobalVar g : m.globalVars()) changed |= dropUnnamedAddr(g);
        return changed;
    }

    private static boolean dropUnnamedAddr(GlobalVar g) {
        String s = g.section();
        if (s == null || !(isDataSection(s)) || !g.hasQualifier("unnamed_addr")) return false;
        List<String> q = new ArrayList<>(g.qualifiers());
        q.remove("unnamed_addr");
        g.setQualifiers(q);
        return true;
    }

    static boolean isDataSection(String s) {
        for (String p : new String[] {".rodata", ".data", ".bss"}) if (s.equals(p) || s.startsWith(p + ".")) return true;
        return false;
    }

    /** Integers (and bools) and arrays of them: what a loader can set byte for byte. */
    private static boolean loaderSettable(Type t) {
        if (t instanceof Type.Int i) return i.bits() == 1 || i.bits() == 8 || i.bits() == 16 || i.bits() == 32 || i.bits() == 64;
        return t instanceof Type.Array a && a.element() instanceof Type.Int e && e.bits() >= 8 && e.bits() <= 64 && Long.bitCount(e.bits()) == 1;
    }

    /** Every load whose address is the global or derived from it by getelementptr becomes volatile. */
    static void makeLoadsVolatile(Module m, String global) {
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            Set<String> derived = new HashSet<>();
            for (BodyLine l : f.allLines()) {
                if (!l.isInstruction()) continue;
                boolean mentions = mentionsGlobal(l, global);
                for (String op : l.localOperands()) if (derived.contains(op)) mentions = true;
                if (!mentions) continue;
                switch (l.inst()) {
                    case Inst.Gep gep when l.result() != null -> derived.add(l.result());
                    case Inst.Load load -> load.setVolatile();
                    default -> {}
                }
            }
        }
    }

    private static boolean mentionsGlobal(BodyLine l, String global) {
        if (l.text().indexOf('@') < 0) return false;
        Tokens t = l.tokens();
        for (int i = 0; i < t.size(); i++) if (t.kind(i) == Tok.GLOBAL && t.identName(i).equals(global)) return true;
        return false;
    }
}
