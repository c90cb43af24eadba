package io.tinybpf.ir;

/** {@code %name = type { ... }} or {@code %name = type opaque}. */
public final class TypeDef extends Entity {
    TypeDef(String text, String newline) {
        super(text, newline);
    }

    public String name() {
        return tokens().identName(0);
    }

    /** The body as a type, or null for {@code opaque} and bodies this parser does not know. */
    public Type type() {
        Tokens t = tokens();
        int k = t.indexOf("type", 0);
        if (k < 0) return null;
        Type.Parsed p = Type.parse(t, k + 1);
        return p == null || p.end() != t.size() || p.type() instanceof Type.Other ? null : p.type();
    }

    /** The type body after {@code type}. */
    public String body() {
        Tokens t = tokens();
        int k = t.indexOf("type", 0);
        return k < 0 ? "" : t.span(k + 1, t.size());
    }
}
