package io.tinybpf.ir;

/** {@code source_filename = "..."}, {@code target datalayout = "..."} or {@code target triple = "..."}. */
public final class HeaderLine extends Entity {
    public enum Kind { SOURCE_FILENAME, DATALAYOUT, TRIPLE }

    private final Kind kind;

    HeaderLine(Kind kind, String text, String newline) {
        super(text, newline);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The quoted value. */
    public String value() {
        Tokens t = tokens();
        int s = t.indexOfKind(Tok.STRING, 0);
        return s < 0 ? "" : t.stringValue(s);
    }

    public void setValue(String v) {
        Tokens t = tokens();
        int s = t.indexOfKind(Tok.STRING, 0);
        if (s < 0) throw new IllegalStateException("header line without a value: " + text());
        apply(t.edit().replace(s, Names.quote(v)));
    }
}
