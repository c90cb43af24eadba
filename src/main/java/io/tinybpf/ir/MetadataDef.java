package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A numbered metadata node: {@code !N = [distinct] !DIKind(key: value, ...)} or a tuple
 * {@code !N = [distinct] !{...}}. Field edits splice the one value they change.
 */
public final class MetadataDef extends Entity {
    MetadataDef(String text, String newline) {
        super(text, newline);
    }

    /** A new node with the given id. */
    static MetadataDef create(int id, Md.Node node) {
        return new MetadataDef("!" + id + " = " + node.print(), "\n");
    }

    /**
     * An editable copy of this node: its kind, distinctness and fields (values as written), or
     * its elements for a tuple. Add the copy with {@link Module#add(Md.Node)}.
     */
    public Md.Node node() {
        Tokens t = tokens();
        if (isTuple()) {
            List<Md.Val> el = new ArrayList<>();
            for (String e : elements()) el.add(new Md.Val.Raw(e));
            return Md.Node.tuple(el).distinct(isDistinct());
        }
        Md.Node n = Md.Node.of(kind()).distinct(isDistinct());
        for (int[] f : fields()) {
            String k = t.text(f[0]);
            n.set(k.substring(0, k.length() - 1), new Md.Val.Raw(t.span(f[1], f[2])));
        }
        return n;
    }

    @Override
    boolean isMetadataText() {
        return true;
    }

    /** The node's number, read once from the text (it starts with !N): metadata collection asks every node. */
    private int id = -1;

    public int id() {
        int v = id;
        if (v < 0) {
            String s = text();
            int i = s.indexOf('!') + 1;
            v = 0;
            for (; i < s.length() && Lexer.isDigit(s.charAt(i)); i++) v = (int) Math.min(Integer.MAX_VALUE - 1, v * 10L + (s.charAt(i) - '0'));
            id = v;
        }
        return v;
    }

    @Override
    void textChanged() {
        id = -1;
    }

    private int bodyStart() {
        Tokens t = tokens();
        int i = 2;
        if (t.is(i, "distinct")) i++;
        return i;
    }

    public boolean isDistinct() {
        return tokens().is(2, "distinct");
    }

    /** {@code DICompositeType}, ... for specialized nodes; "" for tuples and anything else. */
    public String kind() {
        // read from the text without allocating: passes ask every node its kind, and most need nothing else
        String s = text();
        int eq = s.indexOf("= ");
        if (eq >= 0) {
            int i = eq + 2;
            if (s.startsWith("distinct ", i)) i += 9;
            if (i + 1 < s.length() && s.charAt(i) == '!' && Character.isLetter(s.charAt(i + 1))) {
                int j = i + 1;
                while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) j++;
                return j < s.length() && s.charAt(j) == '(' ? kindName(s, i + 1, j) : "";
            }
            if (i < s.length() && (s.charAt(i) == '!' || s.charAt(i) == '{')) return "";
        }
        Tokens t = tokens();
        int b = bodyStart();
        return b < t.size() && t.kind(b) == Tok.META_NAME && t.isPunct(b + 1, '(') ? t.text(b).substring(1) : "";
    }

    /** The kinds LLVM prints most, shared instead of copied out of every node's text. */
    private static final String[] KINDS = {"DILocation", "DILocalVariable", "DIDerivedType", "DICompositeType", "DISubprogram",
        "DIBasicType", "DISubroutineType", "DIFile", "DICompileUnit", "DIGlobalVariable", "DIGlobalVariableExpression",
        "DIExpression", "DILexicalBlock", "DILexicalBlockFile", "DISubrange", "DIEnumerator", "DINamespace", "DILabel",
        "DIImportedEntity", "DIModule", "DITemplateTypeParameter", "DITemplateValueParameter"};

    private static String kindName(String s, int from, int to) {
        for (String k : KINDS) if (k.length() == to - from && s.startsWith(k, from)) return k;
        return s.substring(from, to);
    }

    public boolean isTuple() {
        Tokens t = tokens();
        int b = bodyStart();
        return t.isPunct(b, '!') && t.isPunct(b + 1, '{');
    }

    /** The body text after {@code =} (including {@code distinct}). */
    public String body() {
        Tokens t = tokens();
        return t.span(2, t.size());
    }

    /** Token ranges {keyIdx, valueStart, valueEnd} of each field of a specialized node. */
    private List<int[]> fields() {
        return fieldsAt(tokens(), bodyStart());
    }

    /** Fields of the node whose {@code !Kind} token is at {@code b}. */
    private static List<int[]> fieldsAt(Tokens t, int b) {
        List<int[]> out = new ArrayList<>();
        if (!t.isPunct(b + 1, '(')) return out;
        int close = t.matching(b + 1);
        int[] parts = t.splitTopLevel(b + 2, close);
        for (int k = 0; k < parts.length; k += 2) {
            int s = parts[k];
            if (s < parts[k + 1] && t.kind(s) == Tok.LABEL) out.add(new int[] {s, s + 1, parts[k + 1]});
        }
        return out;
    }

    /**
     * Element {@code index} of a tuple when it is a node written inline ({@code !{!DISubrange(count: 4)}}),
     * as a node with its fields as written; null otherwise.
     */
    public Md.Node inlineElement(int index) {
        if (!isTuple()) return null;
        Tokens t = tokens();
        int open = bodyStart() + 1;
        int[] parts = t.splitTopLevel(open + 1, t.matching(open));
        if (2 * index >= parts.length) return null;
        int s = parts[2 * index];
        if (t.kind(s) != Tok.META_NAME || !t.isPunct(s + 1, '(')) return null;
        Md.Node n = Md.Node.of(t.text(s).substring(1));
        for (int[] f : fieldsAt(t, s)) {
            String k = t.text(f[0]);
            n.set(k.substring(0, k.length() - 1), new Md.Val.Raw(t.span(f[1], f[2])));
        }
        return n;
    }

    /**
     * Token range {keyIdx, valueStart, valueEnd} of one field, or null: found by walking the
     * top-level commas in place (passes ask nodes for single fields all the time, and most have a dozen).
     */
    private int[] fieldRange(String key) {
        Tokens t = tokens();
        int b = bodyStart();
        if (!t.isPunct(b + 1, '(')) return null;
        int close = t.matching(b + 1);
        if (close < 0) return null;
        for (int segStart = b + 2, end; segStart < close; segStart = end + 1) {
            end = t.topLevelComma(segStart, close);
            if (t.kind(segStart) == Tok.LABEL && t.end(segStart) - t.start(segStart) == key.length() + 1
                    && t.source().startsWith(key, t.start(segStart))) {
                return new int[] {segStart, segStart + 1, end};
            }
        }
        return null;
    }

    /** Raw value text of a field, or null when absent. */
    public String field(String key) {
        int[] f = fieldRange(key);
        return f == null ? null : tokens().span(f[1], f[2]);
    }

    /** Keys of the fields in order. */
    public List<String> fieldKeys() {
        Tokens t = tokens();
        List<String> out = new ArrayList<>();
        for (int[] f : fields()) {
            String k = t.text(f[0]);
            out.add(k.substring(0, k.length() - 1));
        }
        return out;
    }

    /** String field value, unescaped, or null. */
    public String stringField(String key) {
        int[] f = fieldRange(key);
        if (f == null) return null;
        Tokens t = tokens();
        return t.kind(f[1]) == Tok.STRING ? t.stringValue(f[1]) : null;
    }

    /** {@code !N} reference in a field, or -1 (absent or {@code null}). */
    public int refField(String key) {
        int[] f = fieldRange(key);
        if (f == null) return -1;
        Tokens t = tokens();
        return f[2] == f[1] + 1 && t.kind(f[1]) == Tok.META_ID ? t.number(f[1]) : -1;
    }

    /** A flag-set field ({@code spFlags: DISPFlagDefinition | DISPFlagOptimized}) as its flag words; empty when absent. */
    public List<String> flagsField(String key) {
        int[] f = fieldRange(key);
        List<String> out = new ArrayList<>();
        if (f == null) return out;
        Tokens t = tokens();
        for (int i = f[1]; i < f[2]; i++) if (t.kind(i) == Tok.WORD) out.add(t.text(i));
        return out;
    }

    /** Integer field value, or {@code dflt} when absent. */
    public long intField(String key, long dflt) {
        String v = field(key);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** Sets a field, adding it at the end when absent. */
    public void setField(String key, Md.Val value) {
        setFieldText(key, value.toString());
    }

    private void setFieldText(String key, String value) {
        Tokens t = tokens();
        int[] f = fieldRange(key);
        if (f != null) {
            apply(t.edit().replace(f[1], f[2], value));
            return;
        }
        int b = bodyStart();
        int close = t.matching(b + 1);
        String sep = close > b + 2 ? ", " : "";
        apply(t.edit().insertBefore(close, sep + key + ": " + value));
    }

    public void removeField(String key) {
        int[] f = fieldRange(key);
        if (f == null) return;
        Tokens t = tokens();
        int b = bodyStart();
        boolean first = f[0] == b + 2;
        if (first) {
            // drop "key: value, " up to the next field's first character
            int endChar = t.isPunct(f[2], ',') ? t.start(f[2] + 1) : t.end(f[2] - 1);
            apply(t.edit().replaceChars(t.start(f[0]), endChar, ""));
        } else {
            apply(t.edit().removeWithLeadingComma(f[0], f[2]));
        }
    }

    /** Elements of a tuple as raw texts. */
    public List<String> elements() {
        Tokens t = tokens();
        List<String> out = new ArrayList<>();
        if (!isTuple()) return out;
        int open = bodyStart() + 1;
        int close = t.matching(open);
        int[] parts = t.splitTopLevel(open + 1, close);
        for (int k = 0; k < parts.length; k += 2) if (parts[k] < parts[k + 1]) out.add(t.span(parts[k], parts[k + 1]));
        return out;
    }

    /** Node ids a tuple lists ({@code !{!1, !2}}); non-reference elements are skipped. */
    public List<Integer> elementRefs() {
        List<Integer> out = new ArrayList<>();
        for (String e : elements()) {
            if (e.length() > 1 && e.charAt(0) == '!' && e.chars().skip(1).allMatch(Character::isDigit)) {
                out.add(Integer.parseInt(e.substring(1)));
            }
        }
        return out;
    }

    /** Replaces a tuple's elements with references to the given nodes. */
    public void setElementRefs(List<Integer> ids) {
        Tokens t = tokens();
        int open = bodyStart() + 1;
        int close = t.matching(open);
        apply(t.edit().replace(open - 1, close + 1, Md.Node.tupleOf(ids).print()));
    }
}
