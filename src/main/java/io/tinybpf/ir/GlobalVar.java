package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code @name = [qualifiers] global|constant <type> [<initializer>] [, section "s"] [, align N]
 * [, !dbg !N]...}. Edits splice only the part they change.
 */
public final class GlobalVar extends Entity implements GlobalValue {
    /** Token layout, recomputed when the text changes. */
    private record Layout(int keyword, int typeStart, int typeEnd, int initStart, int initEnd, int[] items) {}

    private Layout layout;

    GlobalVar(String text, String newline) {
        super(text, newline);
    }

    @Override
    void textChanged() {
        layout = null;
    }

    private Layout layout() {
        Layout l = layout;
        if (l != null) return l;
        Tokens t = tokens();
        int kw = -1;
        for (int i = 2; i < t.size(); i++) {
            if (t.kind(i) == Tok.WORD && (t.is(i, "global") || t.is(i, "constant"))) {
                kw = i;
                break;
            }
            if (t.isPunct(i, '(')) i = Math.max(i, t.matching(i));
        }
        if (kw < 0) throw new IllegalStateException("not a global variable: " + text());
        int ts = kw + 1;
        int te = Types.end(t, ts);
        boolean declaration = false;
        for (int i = 2; i < kw; i++) if (t.is(i, "external") || t.is(i, "extern_weak")) declaration = true;
        int is = -1, ie = -1;
        int rest = te;
        if (!declaration && te < t.size() && !t.isPunct(te, ',')) {
            is = te;
            int[] parts = t.splitTopLevel(te, t.size());
            ie = parts[1];
            rest = ie;
        }
        int[] items = rest < t.size() ? t.splitTopLevel(rest + 1, t.size()) : new int[0];
        l = new Layout(kw, ts, te, is, ie, items);
        layout = l;
        return l;
    }

    @Override
    public String name() {
        return tokens().identName(0);
    }

    /** Linkage, visibility and other qualifiers before {@code global}/{@code constant}. */
    public List<String> qualifiers() {
        Tokens t = tokens();
        List<String> q = new ArrayList<>();
        int kw = layout().keyword;
        for (int i = 2; i < kw; i++) {
            if (t.isPunct(i + 1, '(')) {
                int close = t.matchingOr(i + 1, kw - 1);
                q.add(t.span(i, close + 1));
                i = close;
            } else {
                q.add(t.text(i));
            }
        }
        return q;
    }

    public boolean hasQualifier(String word) {
        return qualifiers().contains(word);
    }

    /** Replaces the qualifiers (e.g. drop {@code internal} to make a symbol global). */
    public void setQualifiers(List<String> qualifiers) {
        Tokens t = tokens();
        int kw = layout().keyword;
        String joined = String.join(" ", qualifiers);
        Edit e = t.edit();
        if (kw > 2 && joined.isEmpty()) e.remove(2, kw); // takes the space before them too
        else if (kw > 2) e.replace(2, kw, joined);
        else if (!joined.isEmpty()) e.insertBefore(kw, joined + " ");
        setText(e.apply());
    }

    public boolean isConstant() {
        return tokens().is(layout().keyword, "constant");
    }

    /** Makes the variable {@code constant} (or {@code global}): only the keyword token changes. */
    public void setConstant(boolean constant) {
        if (isConstant() == constant) return;
        int kw = layout().keyword;
        setText(tokens().edit().replace(kw, kw + 1, constant ? "constant" : "global").apply());
    }

    public boolean isDeclaration() {
        return layout().initStart < 0;
    }

    public String typeText() {
        Layout l = layout();
        return tokens().span(l.typeStart, l.typeEnd);
    }

    /** The value type. */
    public Type type() {
        Layout l = layout();
        Type.Parsed p = Type.parse(tokens(), l.typeStart);
        return p == null ? new Type.Other(typeText()) : p.type();
    }

    /** The initializer as a value, or null for a declaration. */
    public Value initializerValue() {
        Layout l = layout();
        return l.initStart < 0 ? null : Value.parse(tokens(), l.initStart, l.initEnd);
    }

    /** The initializer constant, or null for a declaration. */
    public String initializer() {
        Layout l = layout();
        return l.initStart < 0 ? null : tokens().span(l.initStart, l.initEnd);
    }

    /** Replaces type and initializer (a declaration becomes a definition). */
    public void setTypeAndInitializer(Type type, Value init) {
        Layout l = layout();
        Tokens t = tokens();
        Edit e = t.edit();
        String text = type + " " + init;
        if (l.initStart >= 0) e.replace(l.typeStart, l.initEnd, text);
        else e.replace(l.typeStart, l.typeEnd, text);
        apply(e);
    }

    private int item(String keyword) {
        Layout l = layout();
        Tokens t = tokens();
        for (int k = 0; k < l.items.length; k += 2) if (t.is(l.items[k], keyword)) return k;
        return -1;
    }

    /** The {@code section "..."} value, or null. */
    public String section() {
        int k = item("section");
        return k < 0 ? null : tokens().stringValue(layout().items[k] + 1);
    }

    public void setSection(String section) {
        setItem("section", "section " + Names.quote(section));
    }

    public int align() {
        int k = item("align");
        return k < 0 ? 0 : Integer.parseInt(tokens().text(layout().items[k] + 1));
    }

    public void setAlign(int align) {
        setItem("align", "align " + align);
    }

    /** Replaces the comma item starting with {@code keyword}, or inserts it after the initializer. */
    private void setItem(String keyword, String itemText) {
        Layout l = layout();
        Tokens t = tokens();
        int k = item(keyword);
        if (k >= 0) {
            apply(t.edit().replace(l.items[k], l.items[k + 1], itemText));
        } else {
            int after = l.initStart >= 0 ? l.initEnd - 1 : l.typeEnd - 1;
            apply(t.edit().insertAfter(after, ", " + itemText));
        }
    }

    /** Metadata attachment {@code !key !N}: the node id, or -1. */
    public int attachment(String key) {
        return Attachments.find(tokens(), layout().typeEnd, key);
    }

    public void setAttachment(String key, int id) {
        Tokens t = tokens();
        int at = Attachments.index(t, layout().typeEnd, key);
        if (at >= 0) apply(t.edit().replace(at + 1, "!" + id));
        else apply(t.edit().insertAfter(t.size() - 1, ", !" + key + " !" + id));
    }
}
