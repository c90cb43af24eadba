package io.tinybpf.ir;

import java.util.Arrays;

/**
 * The tokens of one piece of IR text, packed into an array (a 100k-line module would otherwise
 * allocate millions of token objects). Whitespace and newlines are not tokens; the text between
 * tokens is preserved by editing through {@link Edit}, which splices the original.
 *
 * <p>Storage is one {@code int} per token when the text is shorter than {@link #SHORT} characters
 * (nearly every line of a module: kind, start and end packed into 4, 14 and 14 bits), else a
 * {@code long} of offsets and a byte of kind. A node keeps its tokens as long as it lives, so
 * they are much of a module's working set: one int per token is less than half of the parallel
 * kind, start and end arrays this replaced (measured in docs/performance.md).
 */
public final class Tokens {
    /** Texts shorter than this pack a token into an int (offsets fit in 14 bits). */
    static final int SHORT = 1 << 14;

    private final String text;
    /** Short texts: kind << 28 | start << 14 | end. */
    private int[] narrow;
    /** Long texts: start << 32 | end, and the kinds. */
    private long[] wide;
    private byte[] wideKinds;
    private int size;

    /**
     * Where short texts are lexed before {@link #trim()} copies the tokens out at their exact size:
     * one allocation per node instead of a guessed-size array plus its trimmed copy.
     */
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[256]);
    private boolean scratch;

    Tokens(String text, int capacity) {
        this.text = text;
        if (text.length() < SHORT) {
            narrow = SCRATCH.get();
            scratch = true;
        } else {
            wide = new long[Math.max(4, capacity)];
            wideKinds = new byte[wide.length];
        }
    }

    /** Lexes {@code text} completely. */
    public static Tokens of(String text) {
        return Lexer.lex(text);
    }

    void add(byte kind, int start, int end) {
        if (narrow != null) {
            if (size == narrow.length) narrow = Arrays.copyOf(narrow, size * 2);
            narrow[size++] = kind << 28 | start << 14 | end;
        } else {
            if (size == wide.length) {
                wide = Arrays.copyOf(wide, size * 2);
                wideKinds = Arrays.copyOf(wideKinds, size * 2);
            }
            wideKinds[size] = kind;
            wide[size++] = (long) start << 32 | end;
        }
    }

    /** Drops the growth slack once lexing is done: a node keeps its tokens as long as it lives. */
    void trim() {
        if (scratch) {
            int[] buf = narrow;
            narrow = Arrays.copyOf(buf, size);
            scratch = false;
            if (buf.length <= 1 << 16) SCRATCH.set(buf); // it may have grown; a huge one is not kept
        } else if (narrow != null && narrow.length > size) narrow = Arrays.copyOf(narrow, size);
        else if (wide != null && wide.length > size) {
            wide = Arrays.copyOf(wide, size);
            wideKinds = Arrays.copyOf(wideKinds, size);
        }
    }

    public String source() {
        return text;
    }

    public int size() {
        return size;
    }

    public byte kind(int i) {
        return narrow != null ? (byte) (narrow[i] >>> 28) : wideKinds[i];
    }

    public int start(int i) {
        return narrow != null ? narrow[i] >>> 14 & (SHORT - 1) : (int) (wide[i] >>> 32);
    }

    public int end(int i) {
        return narrow != null ? narrow[i] & (SHORT - 1) : (int) wide[i];
    }

    public String text(int i) {
        return text.substring(start(i), end(i));
    }

    /** True when token i has exactly the given text. */
    public boolean is(int i, String s) {
        if (i < 0 || i >= size) return false;
        int start = start(i);
        return end(i) - start == s.length() && text.startsWith(s, start);
    }

    public boolean isPunct(int i, char c) {
        return i >= 0 && i < size && kind(i) == Tok.PUNCT && end(i) - start(i) == 1 && text.charAt(start(i)) == c;
    }

    /** Index of the first token at or after {@code from} with this text, or -1. */
    public int indexOf(String s, int from) {
        for (int i = Math.max(0, from); i < size; i++) if (is(i, s)) return i;
        return -1;
    }

    /** Index of the first token at or after {@code from} with this kind, or -1. */
    public int indexOfKind(byte kind, int from) {
        for (int i = Math.max(0, from); i < size; i++) if (kind(i) == kind) return i;
        return -1;
    }

    /**
     * Given an opening bracket at {@code open} ({@code ( [ { <}), returns the index of its matching
     * closing bracket, counting all bracket kinds; -1 when unbalanced.
     */
    public int matching(int open) {
        int depth = 0;
        for (int i = open; i < size; i++) {
            if (kind(i) != Tok.PUNCT) continue;
            char c = text.charAt(start(i));
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
        int segStart = from;
        for (int comma; (comma = topLevelComma(segStart, to)) < to; segStart = comma + 1) {
            if (n + 2 > out.length) out = Arrays.copyOf(out, out.length * 2);
            out[n++] = segStart;
            out[n++] = comma;
        }
        if (segStart < to || n > 0) {
            if (n + 2 > out.length) out = Arrays.copyOf(out, out.length + 2);
            out[n++] = segStart;
            out[n++] = to;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Index of the first comma in {@code [from, to)} not nested in brackets opened there, or
     * {@code to}: walks a comma-separated list one item at a time without collecting them.
     */
    public int topLevelComma(int from, int to) {
        int depth = 0;
        for (int i = from; i < to; i++) {
            if (kind(i) != Tok.PUNCT) continue;
            char c = text.charAt(start(i));
            if (c == '(' || c == '[' || c == '{' || c == '<') depth++;
            else if (c == ')' || c == ']' || c == '}' || c == '>') depth--;
            else if (c == ',' && depth == 0) return i;
        }
        return to;
    }

    /** Source text covering tokens {@code [from, to)} (including the whitespace between them). */
    public String span(int from, int to) {
        if (from >= to) return "";
        return text.substring(start(from), end(to - 1));
    }

    /**
     * Name of a {@code @}/{@code %}/{@code $} identifier token without its sigil, unquoted and
     * unescaped ({@code @"a\22b"} gives {@code a"b}).
     */
    public String identName(int i) {
        return Names.unquote(text, start(i) + 1, end(i));
    }

    /** Numeric id of a {@code !42} or {@code #42} token. */
    public int number(int i) {
        int v = 0;
        for (int p = start(i) + 1, e = end(i); p < e; p++) v = v * 10 + (text.charAt(p) - '0');
        return v;
    }

    /** String literal contents, unescaped ({@code "a\0Ab"} and {@code c"..."}). */
    public String stringValue(int i) {
        int s = start(i);
        if (text.charAt(s) == 'c') s++;
        return Names.unescape(text, s + 1, end(i) - 1);
    }

    /** Starts an edit of this text; unedited bytes are copied verbatim. */
    public Edit edit() {
        return new Edit(this);
    }
}
