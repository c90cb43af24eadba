package io.tinybpf.ir;

/** Just enough type syntax to find where a type expression ends in a token stream. */
final class Types {
    private Types() {}

    /** Index after the type starting at token {@code i}. */
    static int end(Tokens t, int i) {
        if (i >= t.size()) return i;
        int e;
        if (t.isPunct(i, '[') || t.isPunct(i, '{') || t.isPunct(i, '<')) {
            e = t.matching(i) + 1;
            if (e <= 0) return t.size();
        } else {
            e = i + 1;
        }
        // ptr addrspace(N), old-style pointer stars, function types "ret (args)".
        while (e < t.size()) {
            if (t.is(e, "addrspace") && t.isPunct(e + 1, '(')) e = t.matchingOr(e + 1, t.size() - 1) + 1;
            else if (t.isPunct(e, '*')) e++;
            else break;
        }
        return e;
    }

}
