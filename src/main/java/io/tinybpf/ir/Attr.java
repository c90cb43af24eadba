package io.tinybpf.ir;

/** Parameter and return attributes that passes attach to operands they create. */
public final class Attr {
    private Attr() {}

    /** {@code elementtype(T)}: the struct an access-index intrinsic steps into. */
    public static String elementType(Type t) {
        return "elementtype(" + t + ")";
    }

    /** {@code align N}. */
    public static String align(long n) {
        return "align " + n;
    }

    public static final String NONNULL = "nonnull";
    public static final String IMMARG = "immarg";
}
