package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@code define} (with body) or {@code declare}. The entity's own text is the header, up to and
 * including the opening {@code {}; the body is a list of blocks, each a label line (absent for an
 * unlabeled entry block) followed by its lines; then the closing line.
 */
public final class Function extends Entity implements GlobalValue {
    /** A basic block. The label is null for an entry block that has none. */
    public static final class Block {
        private BodyLine label;
        private final List<BodyLine> lines;

        Block(BodyLine label, List<BodyLine> lines) {
            this.label = label;
            this.lines = lines;
        }

        /** A new labeled block holding {@code lines} (the list is kept, mutable); add it to {@link #blocks()}. */
        public static Block of(String name, List<BodyLine> lines) {
            return new Block(BodyLine.label(name), lines);
        }

        public BodyLine label() {
            return label;
        }

        /** Label name, or null for the unlabeled entry block. */
        public String name() {
            return label == null ? null : label.labelName();
        }

        /** Lines of the block (mutable: passes insert and remove lines here). */
        public List<BodyLine> lines() {
            return lines;
        }

        /** The terminator: the last instruction. */
        public BodyLine terminator() {
            for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).isInstruction()) return lines.get(i);
            return null;
        }
    }

    /** A parameter: its type, attributes ({@code nonnull}, {@code dereferenceable(8)}) and optional name. */
    public record Param(Type type, List<String> attributes, String name) {
        public Param {
            attributes = List.copyOf(attributes);
        }

        public Param withAttributes(List<String> a) {
            return new Param(type, a, name);
        }

        @Override
        public String toString() {
            return new Operand(type, attributes, name == null ? null : Value.local(name)).toString();
        }
    }

    private final List<Block> blocks;
    private BodyLine closing;
    private final boolean declaration;

    Function(String header, String newline, boolean declaration, List<Block> blocks, BodyLine closing) {
        super(header, newline);
        this.declaration = declaration;
        this.blocks = blocks;
        this.closing = closing;
    }

    @Override
    public String name() {
        Tokens t = tokens();
        return t.identName(nameIndex());
    }

    int nameIndex() {
        Tokens t = tokens();
        int i = t.indexOfKind(Tok.GLOBAL, 1);
        if (i < 0) throw new IllegalStateException("function without a name: " + text());
        return i;
    }

    public boolean isDeclaration() {
        return declaration;
    }

    /** Blocks in order (mutable). Empty for a declaration. */
    public List<Block> blocks() {
        return declaration ? Collections.emptyList() : blocks;
    }

    public Block entryBlock() {
        return blocks.isEmpty() ? null : blocks.getFirst();
    }

    /** Every body line of every block, in order (labels included). */
    public List<BodyLine> allLines() {
        List<BodyLine> out = new ArrayList<>();
        for (Block b : blocks()) {
            if (b.label != null) out.add(b.label);
            out.addAll(b.lines);
        }
        return out;
    }

    /** Every body line in order, labels included, without collecting them into a list (module-wide scans). */
    public void forEachLine(java.util.function.Consumer<? super BodyLine> action) {
        for (Block b : blocks()) {
            if (b.label != null) action.accept(b.label);
            for (BodyLine l : b.lines) action.accept(l);
        }
    }

    /** Words between {@code define}/{@code declare} and the return type: linkage, visibility, cconv, ret attrs. */
    public List<String> headerWords() {
        Tokens t = tokens();
        int rt = returnTypeStart();
        List<String> out = new ArrayList<>();
        for (int i = 1; i < rt; i++) {
            if (t.isPunct(i + 1, '(')) {
                int close = t.matchingOr(i + 1, rt - 1);
                out.add(t.span(i, close + 1));
                i = close;
            } else {
                out.add(t.text(i));
            }
        }
        return out;
    }

    public boolean isInternal() {
        List<String> w = headerWords();
        return w.contains("internal") || w.contains("private");
    }

    private int returnTypeStart() {
        Tokens t = tokens();
        int end = nameIndex();
        int start = end - 1;
        if (t.isPunct(start, '}') || t.isPunct(start, ']') || t.isPunct(start, '>')) {
            for (int i = 1; i < end; i++) {
                if ((t.isPunct(i, '{') || t.isPunct(i, '[') || t.isPunct(i, '<')) && t.matching(i) == start) return i;
            }
        }
        return start;
    }

    /** The return type ({@code void}, {@code i32}, {@code { i64, i1 }}...). */
    public Type returnType() {
        Type.Parsed p = Type.parse(tokens(), returnTypeStart());
        return p == null ? new Type.Other(tokens().span(returnTypeStart(), nameIndex())) : p.type();
    }

    private int paramsOpen() {
        return nameIndex() + 1;
    }

    private int paramsClose() {
        return tokens().matching(paramsOpen());
    }

    public List<Param> params() {
        Tokens t = tokens();
        int open = paramsOpen();
        int close = paramsClose();
        List<Param> out = new ArrayList<>();
        int[] parts = t.splitTopLevel(open + 1, close);
        for (int k = 0; k < parts.length; k += 2) {
            int s = parts[k], e = parts[k + 1];
            if (s >= e) continue;
            if (t.is(s, "...")) continue; // varargs: not a parameter
            Operand o = Operand.parse(t, s, e);
            if (o == null) throw new IllegalStateException("unreadable parameter: " + t.span(s, e));
            out.add(new Param(o.type(), o.attributes(), o.value() == null ? null : o.value().localName()));
        }
        return out;
    }

    /** Replaces the parameter list. */
    public void setParams(List<Param> params) {
        Tokens t = tokens();
        int open = paramsOpen();
        int close = paramsClose();
        StringBuilder sb = new StringBuilder();
        for (Param p : params) sb.append(sb.isEmpty() ? "" : ", ").append(p);
        String joined = sb.toString();
        apply(close > open + 1 ? t.edit().replace(open + 1, close, joined) : t.edit().insertAfter(open, joined));
    }

    /** First token after the parameter list that starts the trailing section (section, metadata, '{'). */
    private int trailerIndex(String... stops) {
        Tokens t = tokens();
        for (int i = paramsClose() + 1; i < t.size(); i++) {
            if (t.kind(i) == Tok.META_NAME || t.isPunct(i, '{')) return i;
            for (String s : stops) if (t.is(i, s)) return i;
        }
        return t.size();
    }

    /** Attribute group ids referenced after the parameters ({@code #4}). */
    public List<Integer> attributeGroups() {
        Tokens t = tokens();
        List<Integer> out = new ArrayList<>();
        for (int i = paramsClose() + 1; i < t.size(); i++) if (t.kind(i) == Tok.ATTR_ID) out.add(t.number(i));
        return out;
    }

    /** Makes the function use attribute group {@code to} where it used {@code from}. */
    public void replaceAttributeGroup(int from, int to) {
        Tokens t = tokens();
        Edit e = t.edit();
        for (int i = paramsClose() + 1; i < t.size(); i++) if (t.kind(i) == Tok.ATTR_ID && t.number(i) == from) e.replace(i, "#" + to);
        apply(e);
    }

    public String section() {
        Tokens t = tokens();
        for (int i = paramsClose() + 1; i + 1 < t.size(); i++) {
            if (t.is(i, "section") && t.kind(i + 1) == Tok.STRING) return t.stringValue(i + 1);
        }
        return null;
    }

    public void setSection(String section) {
        Tokens t = tokens();
        String q = Names.quote(section);
        for (int i = paramsClose() + 1; i + 1 < t.size(); i++) {
            if (t.is(i, "section") && t.kind(i + 1) == Tok.STRING) {
                apply(t.edit().replace(i + 1, q));
                return;
            }
        }
        int at = trailerIndex("partition", "comdat", "align", "gc", "prefix", "prologue", "personality");
        apply(t.edit().insertBefore(at, "section " + q + " "));
    }

    /** Sets the linkage/visibility words between {@code define} and the return type (keeps return attrs). */
    public void setLinkage(String linkage) {
        Tokens t = tokens();
        int rt = returnTypeStart();
        List<String> words = new ArrayList<>();
        if (!linkage.isEmpty()) words.add(linkage);
        for (String w : headerWords()) if (!isLinkageWord(w)) words.add(w);
        String joined = String.join(" ", words);
        Edit e = t.edit();
        if (rt > 1 && joined.isEmpty()) e.remove(1, rt); // takes the space before them too
        else if (rt > 1) e.replace(1, rt, joined);
        else if (!joined.isEmpty()) e.insertAfter(0, " " + joined);
        setText(e.apply());
    }

    private static boolean isLinkageWord(String w) {
        return switch (w) {
            case "private", "internal", "available_externally", "linkonce", "weak", "common", "appending",
                    "extern_weak", "linkonce_odr", "weak_odr", "external", "dso_local", "dso_preemptable",
                    "hidden", "protected", "default" -> true;
            default -> false;
        };
    }

    /** Metadata attachment on the function ({@code !dbg !N}), or -1. */
    public int attachment(String key) {
        if (declaration) {
            int at = Attachments.index(tokens(), 1, key);
            if (at >= 0 && at < nameIndex()) return tokens().number(at + 1);
        }
        return Attachments.find(tokens(), paramsClose() + 1, key);
    }

    public void setAttachment(String key, int id) {
        Tokens t = tokens();
        int at = Attachments.index(t, declaration ? 1 : paramsClose() + 1, key);
        if (at >= 0 && (!declaration || at < nameIndex())) {
            apply(t.edit().replace(at + 1, "!" + id));
        } else if (declaration) {
            // LLVM reads a declaration's attachments right after the keyword: declare !dbg !N ptr @f(...)
            apply(t.edit().insertAfter(0, " !" + key + " !" + id));
        } else {
            int brace = t.indexOf("{", paramsClose());
            apply(t.edit().insertBefore(brace < 0 ? t.size() : brace, "!" + key + " !" + id + " "));
        }
    }

    private java.util.Set<String> localNames;

    /**
     * A local name not yet used in this function ({@code hint}, else {@code hint.1}, {@code hint.2}...),
     * reserved so the next call gives another. Named, not numbered: LLVM requires numbered values in
     * sequence, so a pass may not invent those.
     */
    public String freshName(String hint) {
        if (localNames == null) {
            localNames = new java.util.HashSet<>();
            for (Param p : params()) if (p.name() != null) localNames.add(p.name());
            for (Block b : blocks()) {
                if (b.name() != null) localNames.add(b.name());
                for (BodyLine l : b.lines) if (l.result() != null) localNames.add(l.result());
            }
        }
        String name = hint;
        for (int i = 1; localNames.contains(name) || isNumber(name); i++) name = hint + "." + i;
        localNames.add(name);
        return name;
    }

    /**
     * Gives every numbered value and block of the function ({@code %0}, {@code 3:}) a name, so a
     * pass can add or remove parameters and instructions without breaking LLVM's rule that
     * numbered values are defined in sequence. Renaming is exact: tokens, not text.
     */
    public void nameNumberedValues() {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        for (Param p : params()) if (p.name() != null && isNumber(p.name())) names.put(p.name(), freshName("arg" + p.name()));
        for (Block b : blocks()) {
            if (b.label != null && isNumber(b.name())) names.put(b.name(), freshName("bb" + b.name()));
            for (BodyLine l : b.lines) if (l.result() != null && isNumber(l.result())) names.put(l.result(), freshName("v" + l.result()));
        }
        if (names.isEmpty()) return;
        renameLocals(this, names);
        for (Block b : blocks()) {
            if (b.label != null && names.containsKey(b.name())) b.label.setText(Names.quoteIfNeeded(names.get(b.name())) + ":" + labelComment(b.label));
            for (BodyLine l : b.lines) renameLocals(l, names);
        }
    }

    private static String labelComment(BodyLine label) {
        Tokens t = label.tokens();
        return t.size() > 1 && t.kind(t.size() - 1) == Tok.COMMENT ? label.text().substring(t.end(0)) : "";
    }

    private static boolean isNumber(String s) {
        if (s == null || s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!Lexer.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** Renames numbered values ({@code names}' keys are numbers) in one node. */
    private static void renameLocals(Node n, java.util.Map<String, String> names) {
        if (n.text().indexOf('%') < 0) return;
        Tokens t = n.tokens();
        Edit e = null;
        for (int i = 0; i < t.size(); i++) {
            if (t.kind(i) != Tok.LOCAL) continue;
            // only numbered values are renamed: a name not starting with a digit is not one
            if (!Lexer.isDigit(t.source().charAt(t.start(i) + 1))) continue;
            String to = names.get(t.identName(i));
            if (to == null) continue;
            if (e == null) e = t.edit();
            e.replace(i, Names.local(to));
        }
        if (e != null) n.apply(e);
    }

    /**
     * Sets the return type. Linkage, visibility and calling convention are kept; return attributes
     * ({@code noundef}, {@code range(...)}, ...) are dropped, since they described the old type.
     */
    public void setReturnType(Type t) {
        Tokens tk = tokens();
        List<String> keep = new ArrayList<>();
        for (String w : headerWords()) if (isLinkageWord(w) || isCallingConvention(w)) keep.add(w);
        StringBuilder sb = new StringBuilder();
        for (String w : keep) sb.append(w).append(' ');
        sb.append(t);
        apply(tk.edit().replace(1, nameIndex(), sb.toString()));
    }

    private static boolean isCallingConvention(String w) {
        return w.equals("fastcc") || w.equals("ccc") || w.equals("coldcc") || w.startsWith("cc ") || w.endsWith("cc")
                || w.equals("unnamed_addr") || w.equals("local_unnamed_addr");
    }

    /** Inserts a line at the top of the entry block, before its first instruction or record. */
    public void insertAtEntry(BodyLine line) {
        entryBlock().lines.addFirst(line);
    }

    @Override
    void appendTo(StringBuilder sb) {
        super.appendTo(sb);
        if (declaration) return;
        for (Block b : blocks) {
            if (b.label != null) b.label.appendTo(sb);
            for (BodyLine l : b.lines) l.appendTo(sb);
        }
        if (closing != null) closing.appendTo(sb);
    }

}
