package io.tinybpf.transform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IR integer type {@code iN} or an array of them {@code [count x iN]} (N = 8, 16, 32, 64): the
 * shapes a loader-set constant may have and that map onto a BTF type without Go debug info.
 */
record IntShape(long count, int bits, boolean array) {
    private static final Pattern SCALAR = Pattern.compile("i(8|16|32|64)");
    private static final Pattern ARRAY = Pattern.compile("\\[(\\d+) x i(8|16|32|64)]");

    /** The shape of {@code irType}, or null for anything else (including {@code i1}). */
    static IntShape of(String irType) {
        Matcher s = SCALAR.matcher(irType);
        if (s.matches()) return new IntShape(1, Integer.parseInt(s.group(1)), false);
        Matcher a = ARRAY.matcher(irType);
        if (a.matches()) return new IntShape(Long.parseLong(a.group(1)), Integer.parseInt(a.group(2)), true);
        return null;
    }

    long bytes() {
        return count * (bits / 8);
    }
}
