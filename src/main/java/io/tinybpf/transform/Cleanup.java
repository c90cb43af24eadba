package io.tinybpf.transform;

import io.tinybpf.ir.AttributeGroup;
import io.tinybpf.ir.Entity;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalValue;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.NamedMetadata;
import io.tinybpf.ir.Tok;
import io.tinybpf.ir.Tokens;
import io.tinybpf.ir.TypeDef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes what nothing uses any more: declarations (helper stubs, runtime), globals, attribute
 * groups, type definitions and metadata. Compile units keep only the globals that still exist, so
 * the object carries no debug info for dropped runtime code and no build-machine paths from it.
 * In {@code link} mode another front end's external globals stay even when unused, as in clang's
 * object (a loader or userspace may set or read them).
 */
final class Cleanup implements Pass {
    @Override
    public String name() {
        return "cleanup";
    }

    @Override
    public void run(TransformContext ctx) {
        Module m = ctx.module();
        removeDeadSymbols(ctx);
        pruneCompileUnits(ctx);
        removeDeadAttributesAndTypes(m);
        removeDeadMetadata(m);
        listLiveCompileUnits(m);
        m.tidyBlankLines();
    }

    /**
     * LLVM requires every compile unit a kept subprogram (inlined ones included) belongs to in
     * {@code !llvm.dbg.cu}; otherwise it silently discards all debug info, and with it the BTF.
     */
    private static void listLiveCompileUnits(Module m) {
        NamedMetadata cus = m.namedMetadata("llvm.dbg.cu");
        if (cus == null) return;
        java.util.TreeSet<Integer> units = new java.util.TreeSet<>(cus.refs());
        for (MetadataDef d : m.metadataDefs()) {
            if ("DISubprogram".equals(d.kind()) && d.refField("unit") >= 0) units.add(d.refField("unit"));
        }
        units.removeIf(u -> m.metadata(u) == null);
        if (!new ArrayList<>(units).equals(cus.refs())) cus.setRefs(new ArrayList<>(units));
    }

    /**
     * Removing a declaration or global may orphan another (a global's initializer names a
     * function): counts each symbol's referring entities once, then follows the removals.
     */
    private static void removeDeadSymbols(TransformContext ctx) {
        Module m = ctx.module();
        Map<String, Integer> referrers = new HashMap<>();
        Map<Entity, Set<String>> refsOf = new IdentityHashMap<>();
        for (Entity e : m.entries()) {
            if (!(e instanceof GlobalValue || e instanceof MetadataDef || e instanceof NamedMetadata)) continue;
            Set<String> refs = Module.globalRefs(e);
            for (String r : refs) referrers.merge(r, 1, Integer::sum);
            if (removable(ctx, e)) refsOf.put(e, refs);
        }
        Map<String, Entity> byName = new HashMap<>();
        Deque<Entity> work = new ArrayDeque<>();
        for (Entity e : refsOf.keySet()) {
            String name = ((GlobalValue) e).name();
            byName.put(name, e);
            if (!referrers.containsKey(name)) work.add(e);
        }
        Set<Entity> dead = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!work.isEmpty()) {
            Entity e = work.poll();
            if (!dead.add(e)) continue;
            for (String r : refsOf.get(e)) {
                if (referrers.merge(r, -1, Integer::sum) == 0) {
                    referrers.remove(r);
                    Entity orphan = byName.get(r);
                    if (orphan != null) work.add(orphan);
                }
            }
        }
        m.removeAll(dead);
    }

    /** An unused declaration, or a global without a section that no loader can see. */
    private static boolean removable(TransformContext ctx, Entity e) {
        if (e instanceof Function f) return f.isDeclaration();
        return e instanceof GlobalVar g && g.section() == null && !ctx.exportedByInput(g);
    }

    /** Keeps, in each compile unit's globals list, only expressions still attached to a global. */
    private static void pruneCompileUnits(TransformContext ctx) {
        Module m = ctx.module();
        Set<Integer> attached = new HashSet<>();
        for (GlobalVar g : m.globalVars()) {
            int d = g.attachment("dbg");
            if (d >= 0) attached.add(d);
        }
        Set<Integer> usedUnits = new HashSet<>();
        for (Function f : m.functions()) {
            MetadataDef sp = m.metadata(f.attachment("dbg"));
            if (sp != null && sp.refField("unit") >= 0) usedUnits.add(sp.refField("unit"));
        }
        NamedMetadata cus = m.namedMetadata("llvm.dbg.cu");
        if (cus == null) return;
        List<Integer> keep = new ArrayList<>();
        for (int cu : cus.refs()) {
            MetadataDef unit = m.metadata(cu);
            if (unit == null) continue;
            boolean hasGlobals = false;
            int gl = unit.refField("globals");
            MetadataDef list = m.metadata(gl);
            if (list != null) {
                List<Integer> kept = new ArrayList<>();
                for (int id : list.elementRefs()) if (attached.contains(id)) kept.add(id);
                hasGlobals = !kept.isEmpty();
                if (hasGlobals) list.setElementRefs(kept);
                else unit.removeField("globals");
            }
            // TinyGo's lists describe the runtime; another compiler's (clang's enums) are the program's own
            if (ctx.isGoUnit(cu)) for (String f : List.of("retainedTypes", "enums", "imports")) unit.removeField(f);
            if (hasGlobals || usedUnits.contains(cu)) keep.add(cu);
        }
        if (keep.isEmpty() && !cus.refs().isEmpty()) keep.add(cus.refs().getFirst());
        cus.setRefs(keep);
    }

    private static void removeDeadAttributesAndTypes(Module m) {
        Map<String, TypeDef> types = new HashMap<>();
        for (Entity e : m.entries()) if (e instanceof TypeDef t) types.put(t.name(), t);
        TypeNames names = new TypeNames(types.keySet());
        Set<Integer> usedAttrs = new HashSet<>();
        Set<String> usedTypes = new HashSet<>();
        for (Entity e : m.entries()) {
            if (e instanceof AttributeGroup || e instanceof MetadataDef) continue;
            usedAttrs.addAll(Module.attributeRefs(e));
            if (!(e instanceof TypeDef) && !types.isEmpty()) collectTypeRefs(e, names, usedTypes);
        }
        // type definitions referencing other type definitions
        Deque<String> work = new ArrayDeque<>(usedTypes);
        while (!work.isEmpty()) {
            TypeDef t = types.get(work.poll());
            if (t == null) continue;
            Set<String> inner = new HashSet<>();
            collectTypeRefs(t, names, inner);
            for (String n : inner) if (usedTypes.add(n)) work.add(n);
        }
        Set<Entity> dead = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Entity e : m.entries()) {
            if (e instanceof AttributeGroup a && !usedAttrs.contains(a.id())) dead.add(e);
            if (e instanceof TypeDef t && !usedTypes.contains(t.name())) dead.add(e);
        }
        m.removeAll(dead);
    }

    /**
     * The module's type names, and their lengths: a {@code %local} whose unquoted name has no
     * type's length is a value, not a type, and is skipped without copying its name out.
     */
    private record TypeNames(Set<String> names, BitSet lengths) {
        TypeNames(Set<String> names) {
            this(names, new BitSet());
            for (String n : names) lengths.set(n.length());
        }

        /** The type token i names, or null when it is not one of the module's types. */
        String typeAt(Tokens t, int i) {
            int from = t.start(i) + 1;
            if (t.source().charAt(from) != '"' && !lengths.get(t.end(i) - from)) return null;
            String n = t.identName(i);
            return names.contains(n) ? n : null;
        }
    }

    private static void collectTypeRefs(Entity e, TypeNames types, Set<String> out) {
        java.util.function.Consumer<io.tinybpf.ir.Node> scan = n -> {
            if (n.text().indexOf('%') < 0) return;
            Tokens t = n.tokens();
            for (int i = 0; i < t.size(); i++) {
                if (t.kind(i) != Tok.LOCAL) continue;
                String type = types.typeAt(t, i);
                if (type != null) out.add(type);
            }
        };
        scan.accept(e);
        if (e instanceof Function f) f.forEachLine(scan);
    }

    /** Metadata not reachable from code, globals or named metadata. */
    private static void removeDeadMetadata(Module m) {
        BitSet live = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        for (Entity e : m.entries()) {
            if (e instanceof MetadataDef) continue;
            Module.metadataRefs(e, id -> {
                if (!live.get(id)) {
                    live.set(id);
                    work.add(id);
                }
            });
        }
        while (!work.isEmpty()) {
            MetadataDef d = m.metadata(work.poll());
            if (d == null) continue;
            Module.metadataRefs(d, id -> {
                if (!live.get(id)) {
                    live.set(id);
                    work.add(id);
                }
            });
        }
        Set<Entity> dead = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Entity e : m.entries()) if (e instanceof MetadataDef d && !live.get(d.id())) dead.add(e);
        m.removeAll(dead);
    }
}
