package io.tinybpf.ir;

import java.util.Arrays;

/**
 * The tokens of one piece of IR text, packed into parallel arrays (a 100k-line module would
 * otherwise allocate millions of token objects). Whitespace and newlines are not tokens; the
 * text between tokens is preserved by editing through {@link Edit}, which splices the original.
 */
public final class Tokens {
    private final String text;
    private byte[] kinds;
    private int[] starts;
    private int[] ends;
    private int size;

    Tokens(String text, int capacity) {
        this.text = text;
        this.kinds = new byte[Math.max(4, capacity)];
        this.starts = new int[kinds.length];
        this.ends = new int[kinds.length];
    }

    /** Lexes {@code text} completely. */
    public static Tokens of(String text) {
        return Lexer.lex(text);
    }

    void add(byte kind, int start, int end) {
        if (size == kinds.length) {
            int n = Math.max(4, size * 2);
            kinds = Arrays.copyOf(kinds, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
        kinds[size] = kind;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /**
     * Drops the growth slack once lexing is done: a node keeps its tokens as long as it lives, and
     * on a 100k-line module the slack of the doubled arrays was several megabytes.
     */
    void trim() {
        if (kinds.length - size > 2) {
            kinds = Arrays.copyOf(kinds, size);
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
        }
    }

    public String source() {
        return text;
    }

    public int size() {
        return size;
    }

    public byte kind(int i) {
        return kinds[i];
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public String text(int i) {
        return text.substring(starts[i], ends[i]);
    }

    /** True when token i has exactly the given text. */
    public boolean is(int i, String s) {
        if (i < 0 || i >= size) return false;
        int len = ends[i] - starts[i];
        return len == s.length() && text.startsWith(s, starts[i]);
    }

    public boolean isPunct(int i, char c) {
        return i >= 0 && i < size && kinds[i] == Tok.PUNCT && ends[i] - starts[i] == 1 && text.charAt(starts[i]) == c;
    }

    /** Index of the first token at or after {@code from} with this text, or -1. */
    public int indexOf(String s, int from) {
        for (int i = Math.max(0, from); i < size; i++) if (is(i, s)) return i;
        return -1;
    }

    /** Index of the first token at or after {@code from} with this kind, or -1. */
    public int indexOfKind(byte kind, int from) {
        for (int i = Math.max(0, from); i < size; i++) if (kinds[i] == kind) return i;
        return -1;
    }

    /**
     * Given an opening bracket at {@code open} ({@code ( [ { <}), returns the index of its matching
     * closing bracket, counting all bracket kinds; -1 when unbalanced.
     */
    public int matching(int open) {
        int depth = 0;
        for (int i = open; i < size; i++) {
            if (kinds[i] != Tok.PUNCT) continue;
            char c = text.charAt(starts[i]);
            if (c == '(' || c == '[' || c == '{' || c == '<') depth++;
            else if (c == ')' || c == ']' || c == '}' || c == '>') {
                depth--;
                if (depth == 0) return i;
            }
        }
        return -1;
    }

    /**
     * {@link #matching}, or {@code fallback} when the bracket is never closed: for scans that
     * step over a bracketed group and must still end on malformed input.
     */
    public int matchingOr(int open, int fallback) {
        int close = matching(open);
        return close < 0 ? fallback : close;
    }

    /**
     * Splits tokens {@code [from, to)} at top-level commas (commas not nested in brackets).
     * Returns ranges as pairs {start0, end0, start1, end1, ...} of token indices.
     */
    public int[] splitTopLevel(int from, int to) {
        int[] out = new int[8];
        int n = 0;
        int depth = 0;
        int segStart = from;
        for (int i = from; i < to; i++) {
            if (kinds[i] != Tok.PUNCT) continue;
            char c = text.charAt(starts[i]);
            if (c == '(' || c == '[' || c == '{' || c == '<') depth++;
            else if (c == ')' || c == ']' || c == '}' || c == '>') depth--;
            else if (c == ',' && depth == 0) {
                if (n + 2 > out.length) out = Arrays.copyOf(out, out.length * 2);
                out[n++] = segStart;
                out[n++] = i;
                segStart = i + 1;
            }
        }
        if (segStart < to || n > 0) {
            if (n + 2 > out.length) out = Arrays.copyOf(out, out.length + 2);
            out[n++] = segStart;
            out[n++] = to;
        }
        return Arrays.copyOf(out, n);
    }

    /** Source text covering tokens {@code [from, to)} (including the whitespace between them). */
    public String span(int from, int to) {
        if (from >= to) return "";
        return text.substring(starts[from], ends[to - 1]);
    }

    /**
     * Name of a {@code @}/{@code %}/{@code $} identifier token without its sigil, unquoted and
     * unescaped ({@code @"a\22b"} gives {@code a"b}).
     */
    public String identName(int i) {
        return Names.unquote(text, starts[i] + 1, ends[i]);
    }

    /** Numeric id of a {@code !42} or {@code #42} token. */
    public int number(int i) {
        int v = 0;
        for (int p = starts[i] + 1; p < ends[i]; p++) v = v * 10 + (text.charAt(p) - '0');
        return v;
    }

    /** String literal contents, unescaped ({@code "a\0Ab"} and {@code c"..."}). */
    public String stringValue(int i) {
        int s = starts[i];
        if (text.charAt(s) == 'c') s++;
        return Names.unescape(text, s + 1, ends[i] - 1);
    }

    /** Starts an edit of this text; unedited bytes are copied verbatim. */
    public Edit edit() {
        return new Edit(this);
    }
}
