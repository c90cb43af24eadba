package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * An LLVM IR module: its entities in source order. Printing an unmodified module reproduces the
 * input byte for byte; a modified entity prints its spliced text, everything else its original.
 * Symbols are tracked through tokens, so renames and reference queries never match substrings.
 */
public final class Module {
    private final List<Entity> entries;
    private Map<String, GlobalValue> globals;
    /**
     * Metadata nodes by id: an array, as LLVM numbers them densely from 0 (no boxing, a tenth of a
     * map's memory); a map only when hand-written ids are too sparse for one.
     */
    private MetadataDef[] metadata;
    private Map<Integer, MetadataDef> sparseMetadata;
    private Map<Integer, AttributeGroup> attributes;
    private int maxMetadataId = -1;
    private int sourceLength;

    private Module(List<Entity> entries, int sourceLength) {
        this.entries = entries;
        this.sourceLength = sourceLength;
    }

    public static Module parse(String text) throws IrParseException {
        return new Module(Parser.parse(text), text.length());
    }

    /** The module as LLVM assembly. */
    public String print() {
        StringBuilder sb = new StringBuilder(sourceLength + sourceLength / 8 + 64);
        for (Entity e : entries) e.appendTo(sb);
        return sb.toString();
    }

    /**
     * Writes the module as LLVM assembly, the same bytes as {@link #print}, entity by entity: a
     * large module is never held as one string (and again as its encoded bytes) next to itself.
     */
    public void writeTo(java.nio.file.Path file) throws java.io.IOException {
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(1 << 12);
            for (Entity e : entries) {
                sb.setLength(0);
                e.appendTo(sb);
                w.append(sb);
            }
        }
    }

    /** Entities in order (read-only view; use the add/remove methods to change structure). */
    public List<Entity> entries() {
        return java.util.Collections.unmodifiableList(entries);
    }

    // ------------------------------------------------------------------ indexes

    private void invalidate() {
        globals = null;
        metadata = null;
        sparseMetadata = null;
        attributes = null;
    }

    /** Keeps built indexes current when an entity is added (passes add thousands of nodes). */
    private void indexAdd(Entity e) {
        if (e instanceof GlobalValue g && globals != null) globals.putIfAbsent(g.name(), g);
        if (e instanceof MetadataDef d && metadata != null) {
            int id = d.id();
            if (sparseMetadata != null) sparseMetadata.put(id, d);
            else if (id < metadata.length) metadata[id] = d;
            else if (dense(id, metadata.length)) {
                metadata = java.util.Arrays.copyOf(metadata, Math.max(id + 1, metadata.length * 2));
                metadata[id] = d;
            } else metadata = null; // rebuilt on next use, sparse
            maxMetadataId = Math.max(maxMetadataId, id);
        }
        if (e instanceof AttributeGroup a && attributes != null) attributes.put(a.id(), a);
    }

    /** Whether ids up to {@code maxId} fit an array for {@code count} nodes without wasting much of it. */
    private static boolean dense(int maxId, int count) {
        return maxId < 4L * count + 4096;
    }

    private Map<String, GlobalValue> globalIndex() {
        if (globals == null) {
            Map<String, GlobalValue> m = new HashMap<>();
            for (Entity e : entries) if (e instanceof GlobalValue g) m.putIfAbsent(g.name(), g);
            globals = m;
        }
        return globals;
    }

    private MetadataDef[] metadataIndex() {
        if (metadata == null) {
            int max = -1, count = 0;
            for (Entity e : entries) {
                if (e instanceof MetadataDef d) {
                    max = Math.max(max, d.id());
                    count++;
                }
            }
            sparseMetadata = dense(max, count) ? null : new HashMap<>();
            MetadataDef[] m = new MetadataDef[sparseMetadata == null ? max + 1 : 0];
            for (Entity e : entries) {
                if (!(e instanceof MetadataDef d)) continue;
                if (sparseMetadata != null) sparseMetadata.put(d.id(), d);
                else m[d.id()] = d;
            }
            metadata = m;
            maxMetadataId = max;
        }
        return metadata;
    }

    private Map<Integer, AttributeGroup> attributeIndex() {
        if (attributes == null) {
            Map<Integer, AttributeGroup> m = new HashMap<>();
            for (Entity e : entries) if (e instanceof AttributeGroup a) m.put(a.id(), a);
            attributes = m;
        }
        return attributes;
    }

    public GlobalValue globalValue(String name) {
        return globalIndex().get(name);
    }

    public Function function(String name) {
        return globalValue(name) instanceof Function f ? f : null;
    }

    public GlobalVar globalVar(String name) {
        return globalValue(name) instanceof GlobalVar g ? g : null;
    }

    public MetadataDef metadata(int id) {
        MetadataDef[] m = metadataIndex();
        if (sparseMetadata != null) return sparseMetadata.get(id);
        return id >= 0 && id < m.length ? m[id] : null;
    }

    public AttributeGroup attributeGroup(int id) {
        return attributeIndex().get(id);
    }

    public List<Function> functions() {
        List<Function> out = new ArrayList<>();
        for (Entity e : entries) if (e instanceof Function f) out.add(f);
        return out;
    }

    public List<GlobalVar> globalVars() {
        List<GlobalVar> out = new ArrayList<>();
        for (Entity e : entries) if (e instanceof GlobalVar g) out.add(g);
        return out;
    }

    public List<TypeDef> typeDefs() {
        List<TypeDef> out = new ArrayList<>();
        for (Entity e : entries) if (e instanceof TypeDef t) out.add(t);
        return out;
    }

    public TypeDef typeDef(String name) {
        for (Entity e : entries) if (e instanceof TypeDef t && t.name().equals(name)) return t;
        return null;
    }

    public List<MetadataDef> metadataDefs() {
        List<MetadataDef> out = new ArrayList<>();
        for (Entity e : entries) if (e instanceof MetadataDef d) out.add(d);
        return out;
    }

    public NamedMetadata namedMetadata(String name) {
        for (Entity e : entries) if (e instanceof NamedMetadata n && n.name().equals(name)) return n;
        return null;
    }

    public HeaderLine header(HeaderLine.Kind kind) {
        for (Entity e : entries) if (e instanceof HeaderLine h && h.kind() == kind) return h;
        return null;
    }

    public int nextMetadataId() {
        metadataIndex();
        return maxMetadataId + 1;
    }

    // ------------------------------------------------------------------ structure edits

    /** Parses one top-level entity (a declaration, global, metadata node, attribute group...). */
    static Entity parseEntity(String text) {
        try {
            List<Entity> es = Parser.parse(text.endsWith("\n") ? text : text + "\n");
            if (es.size() != 1) throw new IllegalArgumentException("expected exactly one entity: " + text);
            return es.getFirst();
        } catch (IrParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public void insertBefore(Entity anchor, Entity e) {
        int i = entries.indexOf(anchor);
        entries.add(i < 0 ? entries.size() : i, e);
        indexAdd(e);
    }

    public void insertAfter(Entity anchor, Entity e) {
        int i = entries.lastIndexOf(anchor);
        entries.add(i < 0 ? entries.size() : i + 1, e);
        indexAdd(e);
    }

    public void append(Entity e) {
        entries.add(e);
        indexAdd(e);
    }

    /** Adds a metadata node at the end with a fresh id and returns the id. */
    public int add(Md.Node node) {
        int id = nextMetadataId();
        append(MetadataDef.create(id, node));
        return id;
    }

    /** Adds a tuple {@code !{!a, !b, ...}} and returns its id. */
    public int addTuple(List<Integer> ids) {
        return add(Md.Node.tupleOf(ids));
    }

    /** A global variable to add with {@link #addGlobal(GlobalDef)}. */
    public record GlobalDef(String name, List<String> qualifiers, boolean constant, Type type, Value initializer,
                            String section, long align, int dbg) {
        public GlobalDef {
            qualifiers = List.copyOf(qualifiers);
        }

        String print() {
            StringBuilder sb = new StringBuilder(Names.global(name)).append(" = ");
            for (String q : qualifiers) sb.append(q).append(' ');
            sb.append(constant ? "constant " : "global ").append(type);
            if (initializer != null) sb.append(' ').append(initializer);
            if (section != null) sb.append(", section ").append(Names.quote(section));
            if (align > 0) sb.append(", align ").append(align);
            if (dbg >= 0) sb.append(", !dbg !").append(dbg);
            return sb.toString();
        }
    }

    /** Adds a global variable after the last existing one (or before the first function). */
    public GlobalVar addGlobal(GlobalDef def) {
        GlobalVar g = (GlobalVar) parseEntity(def.print());
        Entity anchor = null;
        for (Entity e : entries) if (e instanceof GlobalVar || e instanceof TypeDef || e instanceof HeaderLine) anchor = e;
        if (anchor != null) insertAfter(anchor, g);
        else {
            entries.addFirst(g);
            indexAdd(g);
        }
        return g;
    }

    /**
     * Adds a declaration {@code declare T @name(params) [#attrs]} after the last function (before
     * attribute groups and metadata). Parameters are types with attributes ({@code i32 immarg}).
     */
    public Function declare(Type ret, String name, List<Operand> params, int attributeGroup) {
        StringBuilder sb = new StringBuilder("declare ").append(ret).append(' ').append(Names.global(name)).append('(');
        for (int i = 0; i < params.size(); i++) sb.append(i == 0 ? "" : ", ").append(params.get(i));
        sb.append(')');
        if (attributeGroup >= 0) sb.append(" #").append(attributeGroup);
        Function f = (Function) parseEntity(sb.toString());
        Entity anchor = null;
        for (Entity e : entries) if (e instanceof Function || e instanceof GlobalVar || e instanceof TypeDef) anchor = e;
        if (anchor != null) {
            insertAfter(anchor, f);
            entries.add(entries.lastIndexOf(f), new Trivia("", "\n"));
        } else {
            append(f);
        }
        return f;
    }

    /** Adds an attribute group with a fresh id and returns the id. */
    public int addAttributeGroup(List<String> attributes) {
        int id = 0;
        for (int k : attributeIndex().keySet()) id = Math.max(id, k + 1);
        Entity e = parseEntity("attributes #" + id + " = { " + String.join(" ", attributes) + " }");
        Entity anchor = null;
        for (Entity x : entries) if (x instanceof AttributeGroup) anchor = x;
        if (anchor != null) insertAfter(anchor, e);
        else append(e);
        return id;
    }

    /** Sets {@code target datalayout}/{@code target triple} (inserted after the header lines when missing). */
    public void setHeader(HeaderLine.Kind kind, String value) {
        HeaderLine h = header(kind);
        if (h != null) {
            h.setValue(value);
            return;
        }
        String keyword = switch (kind) {
            case SOURCE_FILENAME -> "source_filename";
            case DATALAYOUT -> "target datalayout";
            case TRIPLE -> "target triple";
        };
        Entity e = parseEntity(keyword + " = " + Names.quote(value));
        Entity anchor = null;
        for (Entity x : entries) if (x instanceof HeaderLine) anchor = x;
        if (anchor != null) insertAfter(anchor, e);
        else {
            entries.addFirst(e);
            indexAdd(e);
        }
    }

    /**
     * Removes an entity. For a function or declaration, LLVM's {@code ; Function Attrs:} comment
     * directly above it goes too.
     */
    public void remove(Entity e) {
        int i = entries.indexOf(e);
        if (i < 0) return;
        entries.remove(i);
        if (e instanceof Function && i > 0 && entries.get(i - 1) instanceof Trivia t && t.isFunctionAttrsComment()) {
            entries.remove(i - 1);
        }
        invalidate();
    }

    /** Removes every entity in the set (identity), plus the comments that belonged to removed functions. */
    public void removeAll(Set<Entity> doomed) {
        if (doomed.isEmpty()) return;
        List<Entity> kept = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entity e = entries.get(i);
            if (doomed.contains(e)) continue;
            if (e instanceof Trivia t && t.isFunctionAttrsComment() && i + 1 < entries.size()
                    && doomed.contains(entries.get(i + 1)) && entries.get(i + 1) instanceof Function) {
                continue;
            }
            kept.add(e);
        }
        entries.clear();
        entries.addAll(kept);
        invalidate();
    }

    /** Collapses runs of blank lines to one and drops trailing blanks (after large removals). */
    public void tidyBlankLines() {
        List<Entity> kept = new ArrayList<>(entries.size());
        boolean prevBlank = false;
        for (Entity e : entries) {
            boolean blank = e instanceof Trivia t && t.isBlank();
            if (blank && (prevBlank || kept.isEmpty())) continue;
            kept.add(e);
            prevBlank = blank;
        }
        while (!kept.isEmpty() && kept.getLast() instanceof Trivia t && t.isBlank()) kept.removeLast();
        entries.clear();
        entries.addAll(kept);
        invalidate();
    }

    // ------------------------------------------------------------------ symbols

    /**
     * Renames a global symbol everywhere it is mentioned (definition and every {@code @name}
     * token). Returns the number of tokens changed.
     */
    public int rename(String oldName, String newName) {
        return renameAll(Map.of(oldName, newName));
    }

    /**
     * Renames many symbols in one pass over the module (a pass renaming each of 1000 maps one by
     * one would scan the module 1000 times). Returns the number of tokens changed.
     */
    public int renameAll(Map<String, String> renames) {
        Map<String, String> effective = new HashMap<>();
        renames.forEach((k, v) -> {
            if (!k.equals(v)) effective.put(k, v);
        });
        if (effective.isEmpty()) return 0;
        int changed = 0;
        for (Entity e : entries) {
            changed += renameIn(e, effective);
            if (e instanceof Function f) for (BodyLine l : f.allLines()) changed += renameIn(l, effective);
        }
        if (globals != null) {
            for (Map.Entry<String, String> r : effective.entrySet()) {
                GlobalValue g = globals.remove(r.getKey());
                if (g != null) globals.put(r.getValue(), g);
            }
        }
        return changed;
    }

    private static int renameIn(Node n, Map<String, String> renames) {
        if (n.text().indexOf('@') < 0) return 0;
        Tokens t = n.tokens();
        Edit e = null;
        int changed = 0;
        for (int i = 0; i < t.size(); i++) {
            if (t.kind(i) != Tok.GLOBAL) continue;
            String to = renames.get(t.identName(i));
            if (to == null) continue;
            if (e == null) e = t.edit();
            e.replace(i, Names.global(to));
            changed++;
        }
        if (e != null) n.apply(e);
        return changed;
    }

    /** Global symbols an entity mentions (its own name excluded), in first-seen order. */
    public static Set<String> globalRefs(Entity e) {
        Set<String> out = new LinkedHashSet<>();
        String self = e instanceof GlobalValue g ? g.name() : null;
        collectGlobals(e, out);
        if (e instanceof Function f) f.forEachLine(l -> collectGlobals(l, out));
        if (self != null) out.remove(self);
        return out;
    }

    /** Global symbols one body line mentions. */
    public static Set<String> globalRefsOf(BodyLine l) {
        Set<String> out = new LinkedHashSet<>();
        collectGlobals(l, out);
        return out;
    }

    private static void collectGlobals(Node n, Set<String> out) {
        if (n.text().indexOf('@') < 0) return;
        Tokens t = n.tokens();
        for (int i = 0; i < t.size(); i++) if (t.kind(i) == Tok.GLOBAL) out.add(t.identName(i));
    }

    /** Calls {@code sink} for each {@code !N} an entity (or its body) mentions; a node's own id excluded. */
    public static void metadataRefs(Entity e, IntConsumer sink) {
        metadataRefs((Node) e, e instanceof MetadataDef ? 1 : 0, sink);
        if (e instanceof Function f) f.forEachLine(l -> metadataRefs(l, 0, sink));
    }

    /**
     * {@code !N} references in a node's text; scanned without lexing (metadata GC visits every
     * node), jumping from one {@code !} to the next: a string (or, outside metadata, a comment)
     * before it hides what it contains.
     */
    private static void metadataRefs(Node n, int skipFirst, IntConsumer sink) {
        String s = n.text();
        if (s.indexOf('!') < 0) return;
        int i = 0, len = s.length(), seen = 0;
        int quote = s.indexOf('"'), semi = n.isMetadataText() ? -1 : s.indexOf(';');
        while (true) {
            int bang = s.indexOf('!', i);
            if (bang < 0) return;
            if (quote >= 0 && quote < i) quote = s.indexOf('"', i);
            if (semi >= 0 && semi < i) semi = s.indexOf(';', i);
            if (quote >= 0 && quote < bang && (semi < 0 || quote < semi)) {
                int close = s.indexOf('"', quote + 1);
                if (close < 0) return;
                i = close + 1;
                continue;
            }
            if (semi >= 0 && semi < bang) {
                int nl = s.indexOf('\n', semi);
                if (nl < 0) return;
                i = nl + 1;
                continue;
            }
            int j = bang + 1;
            if (j < len && Lexer.isDigit(s.charAt(j)) && (bang == 0 || !Lexer.isIdentChar(s.charAt(bang - 1)))) {
                int v = 0;
                while (j < len && Lexer.isDigit(s.charAt(j))) v = v * 10 + (s.charAt(j++) - '0');
                if (seen++ >= skipFirst) sink.accept(v);
            }
            i = j;
        }
    }

    /** Attribute group ids an entity (or its body) references. */
    public static Set<Integer> attributeRefs(Entity e) {
        Set<Integer> out = new LinkedHashSet<>();
        if (e instanceof AttributeGroup) return out;
        java.util.function.Consumer<Node> scan = n -> {
            if (n.text().indexOf('#') < 0) return;
            Tokens t = n.tokens();
            for (int i = 0; i < t.size(); i++) if (t.kind(i) == Tok.ATTR_ID) out.add(t.number(i));
        };
        scan.accept(e);
        // only instructions name attribute groups (call ... #3); debug records hold a '#' but never one
        if (e instanceof Function f) f.forEachLine(l -> {
            if (l.isInstruction()) scan.accept(l);
        });
        return out;
    }

}
