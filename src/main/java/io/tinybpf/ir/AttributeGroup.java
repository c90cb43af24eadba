package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** {@code attributes #N = { ... }}. Each attribute is a word (with optional arguments) or a string pair. */
public final class AttributeGroup extends Entity {
    AttributeGroup(String text, String newline) {
        super(text, newline);
    }

    public int id() {
        Tokens t = tokens();
        return t.number(t.indexOfKind(Tok.ATTR_ID, 0));
    }

    private int open() {
        return tokens().indexOf("{", 0);
    }

    /** Token ranges {start, end} of each attribute inside the braces. */
    private List<int[]> ranges() {
        Tokens t = tokens();
        int open = open();
        int close = t.matching(open);
        List<int[]> out = new ArrayList<>();
        int i = open + 1;
        while (i < close) {
            int s = i;
            if (t.kind(i) == Tok.STRING && t.isPunct(i + 1, '=')) {
                i += 3; // "key"="value" or "key"=word
            } else if (t.isPunct(i + 1, '(')) {
                i = t.matchingOr(i + 1, close) + 1;
            } else if (t.is(i, "align") && i + 1 < close && isNumber(t.text(i + 1))) {
                i += 2;
            } else {
                i++;
            }
            out.add(new int[] {s, i});
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** The attributes as written, e.g. {@code nounwind}, {@code "target-cpu"="x86-64"}, {@code memory(none)}. */
    public List<String> attributes() {
        Tokens t = tokens();
        List<String> out = new ArrayList<>();
        for (int[] r : ranges()) out.add(t.span(r[0], r[1]));
        return out;
    }

    /**
     * Removes the attributes matching {@code drop}. An emptied group gets {@code nounwind}
     * (LLVM rejects empty groups). Returns how many were removed.
     */
    public int removeIf(Predicate<String> drop) {
        List<String> keep = new ArrayList<>();
        int removed = 0;
        for (String a : attributes()) {
            if (drop.test(a)) removed++;
            else keep.add(a);
        }
        if (removed > 0) setAttributes(keep.isEmpty() ? List.of("nounwind") : keep);
        return removed;
    }

    public void setAttributes(List<String> attrs) {
        Tokens t = tokens();
        int open = open();
        int close = t.matching(open);
        setText(t.edit().replace(open, close + 1, "{ " + String.join(" ", attrs) + " }").apply());
    }
}
