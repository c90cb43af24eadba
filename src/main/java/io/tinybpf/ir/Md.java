package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata values and specialized nodes ({@code !DIDerivedType(tag: ..., name: "x", baseType: !5)})
 * built from typed fields and printed in LLVM syntax. {@link MetadataDef#node()} gives an editable
 * copy of an existing node, so a pass clones a node with changed fields instead of editing its text.
 */
public final class Md {
    private Md() {}

    /** A field value. */
    public sealed interface Val {
        /** {@code !N}. */
        record Ref(int id) implements Val {
            public String toString() {
                return "!" + id;
            }
        }

        /** A string field, quoted and escaped when printed. */
        record Str(String value) implements Val {
            public String toString() {
                return Names.quote(value);
            }
        }

        /** An integer field. */
        record Num(long value) implements Val {
            public String toString() {
                return Long.toString(value);
            }
        }

        /** An enumerator or flag word: {@code DW_TAG_member}, {@code true}, {@code DIFlagPrototyped}. */
        record Word(String word) implements Val {
            public String toString() {
                return word;
            }
        }

        /** {@code A | B} flag sets. */
        record Flags(List<String> flags) implements Val {
            public Flags {
                flags = List.copyOf(flags);
            }

            public String toString() {
                return String.join(" | ", flags);
            }
        }

        /** A node written inline ({@code !DIExpression()}, {@code !{!DISubrange(count: 4)}}). */
        record Inline(Node node) implements Val {
            public String toString() {
                return node.print();
            }
        }

        /** A field value read from existing text and not interpreted. */
        record Raw(String text) implements Val {
            public String toString() {
                return text;
            }
        }

        Val NULL = new Word("null");

        /** The value as an integer ({@code 27}), or {@code dflt}. */
        default long asLong(long dflt) {
            if (this instanceof Num n) return n.value();
            try {
                return Long.parseLong(toString());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
    }

    public static Val ref(int id) {
        return id < 0 ? Val.NULL : new Val.Ref(id);
    }

    public static Val str(String s) {
        return new Val.Str(s);
    }

    public static Val num(long n) {
        return new Val.Num(n);
    }

    public static Val word(String w) {
        return new Val.Word(w);
    }

    public static Val flags(List<String> flags) {
        return new Val.Flags(flags);
    }

    /** A node: a specialized {@code !Kind(fields)} node or a tuple {@code !{elements}}. */
    public static final class Node {
        private final String kind; // null for a tuple
        private boolean distinct;
        private final Map<String, Val> fields = new LinkedHashMap<>();
        private final List<Val> elements = new ArrayList<>();

        private Node(String kind) {
            this.kind = kind;
        }

        public static Node of(String kind) {
            return new Node(kind);
        }

        public static Node tuple(List<Val> elements) {
            Node n = new Node(null);
            n.elements.addAll(elements);
            return n;
        }

        public static Node tupleOf(List<Integer> ids) {
            Node n = new Node(null);
            for (int id : ids) n.elements.add(ref(id));
            return n;
        }

        public String kind() {
            return kind;
        }

        public Node distinct(boolean d) {
            this.distinct = d;
            return this;
        }

        /** Sets a field (kept in insertion order; an existing field keeps its place). */
        public Node set(String key, Val v) {
            fields.put(key, v);
            return this;
        }

        public Node set(String key, String s) {
            return set(key, str(s));
        }

        public Node set(String key, long n) {
            return set(key, num(n));
        }

        public Node setRef(String key, int id) {
            return set(key, ref(id));
        }

        public Node remove(String key) {
            fields.remove(key);
            return this;
        }

        public Val get(String key) {
            return fields.get(key);
        }

        public List<Val> elements() {
            return elements;
        }

        public String print() {
            StringBuilder sb = new StringBuilder();
            if (distinct) sb.append("distinct ");
            if (kind == null) {
                sb.append("!{");
                for (int i = 0; i < elements.size(); i++) sb.append(i == 0 ? "" : ", ").append(elements.get(i));
                return sb.append('}').toString();
            }
            sb.append('!').append(kind).append('(');
            boolean first = true;
            for (Map.Entry<String, Val> f : fields.entrySet()) {
                sb.append(first ? "" : ", ").append(f.getKey()).append(": ").append(f.getValue());
                first = false;
            }
            return sb.append(')').toString();
        }

        @Override
        public String toString() {
            return print();
        }
    }
}
