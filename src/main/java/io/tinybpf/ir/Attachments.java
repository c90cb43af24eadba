package io.tinybpf.ir;

/** Metadata attachments written as {@code !key !N} after the operands. */
final class Attachments {
    private Attachments() {}

    /** Token index of {@code !key} at or after {@code from} that is followed by a node id, or -1. */
    static int index(Tokens t, int from, String key) {
        for (int i = Math.max(0, from); i + 1 < t.size(); i++) {
            if (t.kind(i) == Tok.META_NAME && t.kind(i + 1) == Tok.META_ID
                    && t.end(i) - t.start(i) == key.length() + 1 && t.source().startsWith(key, t.start(i) + 1)) {
                return i;
            }
        }
        return -1;
    }

    static int find(Tokens t, int from, String key) {
        int i = index(t, from, key);
        return i < 0 ? -1 : t.number(i + 1);
    }
}
