package io.tinybpf.transform;

import io.tinybpf.ir.Entity;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Names;
import java.nio.file.Path;
import java.util.Set;

/**
 * Makes TinyGo's debug info acceptable as BTF and reproducible:
 * <ul>
 *   <li>names that reach BTF must be C identifiers: {@code main.connEvent} becomes
 *       {@code connEvent}, other packages' {@code pkg.T} becomes {@code pkg_T}, pointer types lose
 *       their names (BTF pointers are anonymous);</li>
 *   <li>a program's BTF FUNC is named like its ELF symbol and is global (TinyGo marks it static);</li>
 *   <li>source directories under the package directory become relative, so the same package built
 *       in two directories gives byte-identical objects.</li>
 * </ul>
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
        DiBuilder di = new DiBuilder(m);
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            MetadataDef sp = m.metadata(f.attachment("dbg"));
            if (sp == null || !"DISubprogram".equals(sp.kind())) continue;
            rebuildPrototype(m, di, f, sp);
            if (ctx.isProgram(f.name())) {
                sp.setField("name", Names.quote(f.name()));
                sp.removeField("linkageName");
                String flags = sp.field("spFlags");
                if (flags != null && flags.contains("DISPFlagLocalToUnit")) {
                    String rest = flags.replace("DISPFlagLocalToUnit | ", "").replace(" | DISPFlagLocalToUnit", "")
                            .replace("DISPFlagLocalToUnit", "");
                    if (rest.isBlank()) sp.removeField("spFlags");
                    else sp.setField("spFlags", rest);
                }
            }
        }
        Path root = ctx.options().sourceRoot() == null ? null : ctx.options().sourceRoot().toAbsolutePath().normalize();
        for (Entity e : m.entries()) {
            if (!(e instanceof MetadataDef d)) continue;
            String kind = d.kind();
            if (kind.equals("DIFile")) {
                relativize(d, root);
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
            if (!fixed.equals(name)) d.setField("name", Names.quote(fixed));
        }
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
        java.util.List<String> retainedElems = retained == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(retained.elements());
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
                int nv = m.addMetadata("!DILocalVariable(name: \"" + (params.get(i).name() != null
                        && params.get(i).name().matches("[A-Za-z_][A-Za-z0-9_]*") ? params.get(i).name() : "arg" + (i + 1))
                        + "\", arg: " + (i + 1) + ", scope: !" + sp.id() + (file >= 0 ? ", file: !" + file : "") + ", type: !" + type + ")");
                retainedElems.add("!" + nv);
                addedVars = true;
            }
        }
        sp.setField("type", "!" + di.subroutine(types));
        if (addedVars) {
            if (retained != null) retained.setElements(retainedElems);
            else sp.setField("retainedNodes", "!" + m.addMetadata("!{" + String.join(", ", retainedElems) + "}"));
        }
    }

    private static int irTypeToDi(DiBuilder di, String irType) {
        return switch (irType) {
            case "void" -> -1;
            case "i8" -> di.basic("int8", 8, true);
            case "i16" -> di.basic("int16", 16, true);
            case "i32" -> di.basic("int32", 32, true);
            case "i64" -> di.basic("int64", 64, true);
            case "i1" -> di.basic("bool", 8, false);
            default -> irType.startsWith("ptr") ? di.pointer(-1) : di.fromIrType(irType, 8);
        };
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

    private static void relativize(MetadataDef file, Path root) {
        if (root == null) return;
        String dir = file.stringField("directory");
        if (dir == null || dir.isEmpty() || !dir.startsWith("/")) return;
        Path p = Path.of(dir).normalize();
        if (!p.startsWith(root)) return;
        String rel = root.relativize(p).toString();
        file.setField("directory", Names.quote(rel.isEmpty() ? "." : rel));
    }
}
