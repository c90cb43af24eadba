package io.tinybpf.transform;

import io.tinybpf.ir.Entity;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Md;
import io.tinybpf.ir.Type;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Makes TinyGo's debug info acceptable as BTF and reproducible:
 * <ul>
 *   <li>names that reach BTF must be C identifiers: {@code main.connEvent} becomes
 *       {@code connEvent}, other packages' {@code pkg.T} becomes {@code pkg_T}, pointer types lose
 *       their names (BTF pointers are anonymous);</li>
 *   <li>a program's BTF FUNC is named like its ELF symbol and is global (TinyGo marks it static);</li>
 *   <li>source directories under the package directory become relative, and those of other
 *       packages their import path, so the same package built in two directories, or with the
 *       SDK or Go installed elsewhere, gives byte-identical objects.</li>
 * </ul>
 * Debug info of other front ends ({@code link} mode: clang's) is BTF-ready and left as it is.
 */
final class DebugFixups implements Pass {
    private static final Set<String> NAMED_KINDS = Set.of("DIBasicType", "DIDerivedType", "DICompositeType",
            "DISubprogram", "DIGlobalVariable", "DILocalVariable", "DIEnumerator", "DISubrangeType");

    @Override
    public String name() {
        return "debug-info";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        Map<String, String> packageDirs = packageDirectories(m);
        DiBuilder di = new DiBuilder(m);
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            MetadataDef sp = m.metadata(f.attachment("dbg"));
            if (sp == null || !"DISubprogram".equals(sp.kind())) continue;
            // clang's prototypes describe the C signature already (with its types): only TinyGo's need rebuilding
            if (ctx.isGo(f)) rebuildPrototype(m, di, f, sp);
            if (ctx.isProgram(f.name())) {
                sp.setField("name", Md.str(f.name()));
                sp.removeField("linkageName");
                java.util.List<String> flags = new java.util.ArrayList<>(sp.flagsField("spFlags"));
                if (flags.remove("DISPFlagLocalToUnit")) {
                    if (flags.isEmpty()) sp.removeField("spFlags");
                    else sp.setField("spFlags", Md.flags(flags));
                }
            }
        }
        Path root = ctx.options().sourceRoot() == null ? null : ctx.options().sourceRoot().toAbsolutePath().normalize();
        java.util.BitSet goNodes = ctx.allGo() ? null : goMetadata(ctx);
        for (Entity e : m.entries()) {
            if (!(e instanceof MetadataDef d)) continue;
            // another front end's names are BTF's already ("unsigned int" is a valid INT name)
            if (goNodes != null && !goNodes.get(d.id())) continue;
            String kind = d.kind();
            if (kind.equals("DIFile")) {
                relativize(d, root, packageDirs);
                continue;
            }
            if (!NAMED_KINDS.contains(kind)) continue;
            String name = d.stringField("name");
            if (name == null) continue;
            if ("DW_TAG_pointer_type".equals(d.field("tag"))) {
                d.removeField("name");
                continue;
            }
            String fixed = btfName(name);
            if (!fixed.equals(name)) d.setField("name", Md.str(fixed));
        }
    }

    /**
     * The metadata nodes Go code and data reach (in a {@code link} of Go with C: the C side's
     * nodes are not among them).
     */
    private static java.util.BitSet goMetadata(TransformContext ctx) {
        Module m = ctx.module();
        java.util.BitSet live = new java.util.BitSet();
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        java.util.function.IntConsumer mark = id -> {
            if (!live.get(id)) {
                live.set(id);
                work.add(id);
            }
        };
        for (Entity e : m.entries()) {
            if (e instanceof io.tinybpf.ir.GlobalValue g && ctx.isGo(g)) Module.metadataRefs(e, mark);
        }
        io.tinybpf.ir.NamedMetadata cus = m.namedMetadata("llvm.dbg.cu");
        if (cus != null) for (int cu : cus.refs()) if (ctx.isGoUnit(cu)) mark.accept(cu);
        while (!work.isEmpty()) {
            MetadataDef d = m.metadata(work.poll());
            if (d != null) Module.metadataRefs(d, mark);
        }
        return live;
    }

    /**
     * TinyGo's subroutine types do not describe the function's signature, but BTF FUNC prototypes
     * come from them (and the kernel checks global functions against them). This rebuilds the
     * prototype from the IR signature, with Go types where the parameter variables give them, and
     * makes sure every parameter has a named variable (the kernel rejects anonymous arguments).
     */
    private static void rebuildPrototype(Module m, DiBuilder di, Function f, MetadataDef sp) {
        java.util.List<Function.Param> params = f.params();
        java.util.Map<Integer, Integer> argVars = new java.util.HashMap<>();
        MetadataDef retained = m.metadata(sp.refField("retainedNodes"));
        java.util.List<Integer> retainedElems = retained == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(retained.elementRefs());
        if (retained != null) {
            for (int id : retained.elementRefs()) {
                MetadataDef v = m.metadata(id);
                if (v != null && "DILocalVariable".equals(v.kind()) && v.intField("arg", 0) > 0) argVars.put((int) v.intField("arg", 0), id);
            }
        }
        java.util.List<Integer> types = new java.util.ArrayList<>();
        types.add(irTypeToDi(di, f.returnType()));
        boolean addedVars = false;
        for (int i = 0; i < params.size(); i++) {
            Integer var = argVars.get(i + 1);
            MetadataDef v = var == null ? null : m.metadata(var);
            int type = v != null && v.refField("type") >= 0 ? v.refField("type") : irTypeToDi(di, params.get(i).type());
            types.add(type);
            if (v == null) {
                int file = sp.refField("file");
                String name = params.get(i).name();
                Md.Node local = Md.Node.of("DILocalVariable").set("name", name != null && isCIdentifier(name) ? name : "arg" + (i + 1))
                        .set("arg", i + 1).setRef("scope", sp.id());
                if (file >= 0) local.setRef("file", file);
                retainedElems.add(m.add(local.setRef("type", type)));
                addedVars = true;
            }
        }
        sp.setField("type", Md.ref(di.subroutine(types)));
        if (addedVars) {
            if (retained != null) retained.setElementRefs(retainedElems);
            else sp.setField("retainedNodes", Md.ref(m.addTuple(retainedElems)));
        }
    }

    private static int irTypeToDi(DiBuilder di, Type irType) {
        return switch (irType) {
            case Type.Void v -> -1;
            case Type.Int i when i.bits() == 1 -> di.basic("bool", 8, false);
            case Type.Int i when i.bits() == 8 || i.bits() == 16 || i.bits() == 32 || i.bits() == 64 -> di.basic("int" + i.bits(), i.bits(), true);
            case Type.Ptr p -> di.pointer(-1);
            default -> di.fromIrType(irType, 8);
        };
    }

    private static boolean isCIdentifier(String s) {
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
        }
        return true;
    }

    /** {@code main.T} → {@code T}; {@code example.com/x/pkg.T} → {@code pkg_T}; other bad characters → '_'. */
    static String btfName(String goName) {
        if (goName.isEmpty()) return goName;
        String n = goName;
        if (n.startsWith("main.")) {
            n = n.substring(5);
        } else {
            String pkg = GoNames.packageOf(n);
            if (!pkg.isEmpty() && !pkg.contains(" ") && !pkg.contains("[") && !pkg.contains("(")) {
                String last = pkg.substring(pkg.lastIndexOf('/') + 1);
                n = last + "_" + n.substring(pkg.length() + 1);
            }
        }
        return GoNames.btfIdentifier(n);
    }

    /**
     * The import path of the package each absolute source directory holds, from the Go names of
     * the functions defined there ({@code (*tinybpf.io/sdk/bpf.HashMap[K, V]).Lookup} lives in
     * {@code tinybpf.io/sdk/bpf}); the main package is left to {@link #relativize}.
     */
    private static Map<String, String> packageDirectories(Module m) {
        Map<String, String> out = new java.util.HashMap<>();
        for (Entity e : m.entries()) {
            if (!(e instanceof MetadataDef d) || !"DISubprogram".equals(d.kind())) continue;
            String pkg = GoNames.packageOf(d.stringField("linkageName"));
            if (pkg.isEmpty() || pkg.equals("main") || pkg.contains(" ")) continue;
            MetadataDef file = m.metadata(d.refField("file"));
            String dir = file == null ? null : file.stringField("directory");
            if (dir != null && dir.startsWith("/")) out.putIfAbsent(Path.of(dir).normalize().toString(), pkg);
        }
        return out;
    }

    /**
     * Source directories inside the package become relative to it; directories of other packages
     * (the SDK, the standard library, module dependencies) become their import path, as
     * {@code go build -trimpath} writes them: where tinybpf, Go or the SDK is installed must not
     * change the object's bytes.
     */
    private static void relativize(MetadataDef file, Path root, Map<String, String> packageDirs) {
        String dir = file.stringField("directory");
        if (dir == null || dir.isEmpty() || !dir.startsWith("/")) return;
        Path p = Path.of(dir).normalize();
        if (root == null || !p.startsWith(root)) {
            String pkg = packageDirs.get(p.toString());
            if (pkg != null) file.setField("directory", Md.str(pkg));
            return;
        }
        String rel = root.relativize(p).toString();
        file.setField("directory", Md.str(rel.isEmpty() ? "." : rel));
    }
}
