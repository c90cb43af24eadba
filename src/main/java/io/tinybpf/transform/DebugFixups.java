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
        for (Function f : m.functions()) {
            if (f.isDeclaration()) continue;
            MetadataDef sp = m.metadata(f.attachment("dbg"));
            if (sp == null || !"DISubprogram".equals(sp.kind())) continue;
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
