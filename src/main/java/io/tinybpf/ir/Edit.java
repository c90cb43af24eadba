package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splices replacements into a token stream's source text. Only the replaced character ranges
 * change; everything else (spacing, comments, untouched operands) is copied byte for byte.
 */
public final class Edit {
    private record Splice(int start, int end, String text, int order) {}

    private final Tokens tokens;
    private final List<Splice> splices = new ArrayList<>();

    Edit(Tokens tokens) {
        this.tokens = tokens;
    }

    /** Replaces token i. */
    public Edit replace(int i, String text) {
        return replaceChars(tokens.start(i), tokens.end(i), text);
    }

    /** Replaces tokens [from, to) and the whitespace between them. */
    public Edit replace(int from, int to, String text) {
        if (from >= to) return insertBefore(from, text);
        return replaceChars(tokens.start(from), tokens.end(to - 1), text);
    }

    /** Inserts text directly before token i (or at the end of the text when i == size). */
    public Edit insertBefore(int i, String text) {
        int at = i < tokens.size() ? tokens.start(i) : tokens.source().length();
        return replaceChars(at, at, text);
    }

    /** Inserts text directly after token i. */
    public Edit insertAfter(int i, String text) {
        return replaceChars(tokens.end(i), tokens.end(i), text);
    }

    /**
     * Removes tokens [from, to) together with the separator before them (the whitespace and one
     * comma, as in {@code , section ".maps"}), so list syntax stays valid.
     */
    public Edit removeWithLeadingComma(int from, int to) {
        int start = tokens.start(from);
        int i = from - 1;
        if (i >= 0 && tokens.isPunct(i, ',')) start = i > 0 ? tokens.end(i - 1) : tokens.start(i);
        else if (i >= 0) start = tokens.end(i);
        return replaceChars(start, tokens.end(to - 1), "");
    }

    /** Removes tokens [from, to) and the whitespace preceding them. */
    public Edit remove(int from, int to) {
        int start = from > 0 ? tokens.end(from - 1) : tokens.start(from);
        return replaceChars(start, tokens.end(to - 1), "");
    }

    public Edit replaceChars(int start, int end, String text) {
        splices.add(new Splice(start, end, text, splices.size()));
        return this;
    }

    public boolean isEmpty() {
        return splices.isEmpty();
    }

    /** The edited text. Overlapping splices are a programming error. */
    public String apply() {
        String src = tokens.source();
        if (splices.isEmpty()) return src;
        List<Splice> sorted = new ArrayList<>(splices);
        sorted.sort(Comparator.comparingInt(Splice::start).thenComparingInt(Splice::order));
        StringBuilder sb = new StringBuilder(src.length() + 32);
        int pos = 0;
        for (Splice s : sorted) {
            if (s.start < pos) throw new IllegalStateException("overlapping IR edits at offset " + s.start);
            sb.append(src, pos, s.start).append(s.text);
            pos = s.end;
        }
        return sb.append(src, pos, src.length()).toString();
    }
}
