package io.tinybpf.ir;

/** {@code %name = type { ... }} or {@code %name = type opaque}. */
public final class TypeDef extends Entity {
    TypeDef(String text, String newline) {
        super(text, newline);
    }

    public String name() {
        return tokens().identName(0);
    }

    /** The type body after {@code type}. */
    public String body() {
        Tokens t = tokens();
        int k = t.indexOf("type", 0);
        return k < 0 ? "" : t.span(k + 1, t.size());
    }
}
