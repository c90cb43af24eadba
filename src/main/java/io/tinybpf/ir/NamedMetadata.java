package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/** {@code !name = !{!1, !2}}. */
public final class NamedMetadata extends Entity {
    NamedMetadata(String text, String newline) {
        super(text, newline);
    }

    public String name() {
        return tokens().text(0).substring(1);
    }

    public List<Integer> refs() {
        Tokens t = tokens();
        List<Integer> out = new ArrayList<>();
        for (int i = 2; i < t.size(); i++) if (t.kind(i) == Tok.META_ID) out.add(t.number(i));
        return out;
    }

    public void setRefs(List<Integer> refs) {
        Tokens t = tokens();
        int open = t.indexOf("{", 0);
        int close = t.matching(open);
        List<String> items = new ArrayList<>();
        for (int r : refs) items.add("!" + r);
        apply(t.edit().replace(open, close + 1, "{" + String.join(", ", items) + "}"));
    }
}
