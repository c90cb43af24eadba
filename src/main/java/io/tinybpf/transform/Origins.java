package io.tinybpf.transform;

import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalValue;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.NamedMetadata;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which front end produced each function and global: TinyGo (Go's rules apply: package prefixes,
 * {@code //export}, the runtime) or another compiler such as clang (its sections, linkage and
 * names are kept as written). A {@code build} module is all TinyGo. In a {@code link} module the
 * compile unit says: TinyGo writes {@code producer: "TinyGo"} (with a C language tag), clang its
 * own name. An entity without debug info counts as Go when it is spelled like TinyGo's names
 * ({@code main.x}, {@code runtime.y}, {@code example.com/p.z}) in a module with TinyGo code.
 */
final class Origins {
    private final boolean allGo;
    private final Module module;
    /** Compile unit id → produced by TinyGo. */
    private final Map<Integer, Boolean> units = new HashMap<>();
    /** DIGlobalVariableExpression id → its compile unit. */
    private final Map<Integer, Integer> globalUnits = new HashMap<>();
    private final boolean anyGo;
    private final boolean anyForeign;
    /**
     * Decided once per entity when the transform starts, so renames and edits of later passes
     * (a Go global losing its package prefix) do not change an entity's origin. Entities the
     * passes create are tinybpf's own and follow the Go rules.
     */
    private final Map<GlobalValue, Boolean> decided = new java.util.IdentityHashMap<>();

    Origins(Module module, boolean allGo) {
        this.module = module;
        this.allGo = allGo;
        boolean go = false, foreign = false;
        NamedMetadata cus = allGo ? null : module.namedMetadata("llvm.dbg.cu");
        if (cus != null) {
            for (int id : cus.refs()) {
                MetadataDef cu = module.metadata(id);
                if (cu == null) continue;
                boolean tinygo = isTinyGoUnit(cu);
                units.put(id, tinygo);
                go |= tinygo;
                foreign |= !tinygo;
                MetadataDef globals = module.metadata(cu.refField("globals"));
                if (globals != null) for (int gve : globals.elementRefs()) globalUnits.put(gve, id);
            }
        }
        this.anyGo = go;
        this.anyForeign = foreign;
        if (!allGo) for (io.tinybpf.ir.Entity e : module.entries()) if (e instanceof GlobalValue g) decided.put(g, decide(g));
    }

    static boolean isTinyGoUnit(MetadataDef cu) {
        String producer = cu.stringField("producer");
        return "DW_LANG_Go".equals(cu.field("language")) || (producer != null && producer.startsWith("TinyGo"));
    }

    /** The entity came from TinyGo (or from tinybpf itself). */
    boolean isGo(GlobalValue g) {
        return allGo || decided.getOrDefault(g, true);
    }

    private boolean decide(GlobalValue g) {
        Integer unit = switch (g) {
            case Function f -> subprogramUnit(f);
            case GlobalVar v -> globalUnits.get(v.attachment("dbg"));
            default -> null;
        };
        if (unit != null && units.containsKey(unit)) return units.get(unit);
        if (!anyGo) return false;
        if (!anyForeign) return true;
        return goSpelled(g.name());
    }

    /** A compile unit (metadata id) that TinyGo produced. */
    boolean isGoUnit(int cu) {
        return allGo || units.getOrDefault(cu, false);
    }

    /** Every compile unit is TinyGo's (always so for {@code build}). */
    boolean allGo() {
        return allGo || !anyForeign && anyGo;
    }

    /** No compile unit is TinyGo's, and no entity is spelled like TinyGo's. */
    boolean allForeign() {
        if (allGo) return false;
        if (anyGo) return false;
        for (boolean go : decided.values()) if (go) return false;
        return true;
    }

    private Integer subprogramUnit(Function f) {
        MetadataDef sp = module.metadata(f.attachment("dbg"));
        if (sp == null || !"DISubprogram".equals(sp.kind())) return null;
        int unit = sp.refField("unit");
        return unit < 0 ? null : unit;
    }

    /** TinyGo's spellings: a Go package before the name, its runtime's C-named entry points, its string constants. */
    private static final Set<String> TINYGO_PREFIXES = new HashSet<>(java.util.List.of("tinygo_", ".string", "__dynamic_loader"));

    static boolean goSpelled(String name) {
        for (String p : TINYGO_PREFIXES) if (name.startsWith(p)) return true;
        if (name.contains("$")) return true;
        String pkg = GoNames.packageOf(name);
        return pkg.equals("main") || pkg.contains("/") || GoNames.isStdOrRuntime(pkg);
    }
}
