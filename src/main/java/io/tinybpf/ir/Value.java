package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * An operand's value: a local or global reference, a constant, or a constant expression. Values a
 * pass does not interpret keep their exact source text ({@link Text}); values a pass creates are
 * records that print LLVM syntax.
 */
public sealed interface Value {
    Value NULL = new Keyword("null"), UNDEF = new Keyword("undef"), POISON = new Keyword("poison"),
            ZERO = new Keyword("zeroinitializer"), TRUE = new Keyword("true"), FALSE = new Keyword("false");

    /** {@code %name}. */
    record Local(String name) implements Value {
        public String toString() {
            return Names.local(name);
        }
    }

    /** {@code @name}. */
    record Global(String name) implements Value {
        public String toString() {
            return Names.global(name);
        }
    }

    /** An integer literal. */
    record Int(long value) implements Value {
        public String toString() {
            return Long.toString(value);
        }
    }

    /** {@code null}, {@code undef}, {@code poison}, {@code zeroinitializer}, {@code true}, {@code false}. */
    record Keyword(String word) implements Value {
        public String toString() {
            return word;
        }
    }

    /** {@code inttoptr (iN V to ptr)}: how BPF helpers are called (by number). */
    record IntToPtr(Type.Int from, long value) implements Value {
        public String toString() {
            return "inttoptr (" + from + " " + value + " to ptr)";
        }
    }

    /** A byte string {@code c"..."}. */
    record Bytes(byte[] bytes) implements Value {
        public String toString() {
            StringBuilder sb = new StringBuilder("c\"");
            for (byte b : bytes) {
                int u = b & 0xff;
                if (u == '"' || u == '\\' || u < 0x20 || u >= 0x7f) {
                    sb.append('\\').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
                } else {
                    sb.append((char) u);
                }
            }
            return sb.append('"').toString();
        }
    }

    /** An aggregate constant {@code { T a, U b }}, {@code [T a, T b]} or {@code <{ ... }>}. */
    record Aggregate(char open, List<Operand> elements) implements Value {
        public Aggregate {
            elements = List.copyOf(elements);
        }

        public String toString() {
            String close = switch (open) {
                case '{' -> "}";
                case '[' -> "]";
                case 'p' -> "}>";
                default -> ">";
            };
            StringBuilder sb = new StringBuilder(open == 'p' ? "<{" : String.valueOf(open));
            boolean spaced = open == '{' || open == 'p';
            for (int i = 0; i < elements.size(); i++) {
                sb.append(i == 0 ? (spaced ? " " : "") : ", ").append(elements.get(i));
            }
            return sb.append(spaced && !elements.isEmpty() ? " " : "").append(close).toString();
        }
    }

    /** A metadata operand ({@code !5}, {@code !DIExpression()}), as written. */
    record Metadata(String text) implements Value {
        public String toString() {
            return text;
        }
    }

    /** Anything else, kept exactly as it was written (other constant expressions, floats, blockaddress...). */
    record Text(String text) implements Value {
        public String toString() {
            return text;
        }
    }

    default boolean isLocal() {
        return this instanceof Local;
    }

    /** The local's name, or null. */
    default String localName() {
        return this instanceof Local l ? l.name() : null;
    }

    /** The integer literal's value, or null when this is not one. */
    default Long intValue() {
        if (this instanceof Int i) return i.value();
        if (this == TRUE || (this instanceof Keyword k && k.word().equals("true"))) return 1L;
        if (this instanceof Keyword k && (k.word().equals("false") || k.word().equals("zeroinitializer"))) return 0L;
        return null;
    }

    /**
     * Whether this constant is all zero bytes, however it is spelled ({@code 0}, {@code null},
     * {@code false}, {@code zeroinitializer}, an aggregate of zeros, a string of NULs): what
     * belongs in {@code .bss}.
     */
    default boolean isZero() {
        return switch (this) {
            case Int i -> i.value() == 0;
            case Keyword k -> k.word().equals("null") || k.word().equals("false") || k.word().equals("zeroinitializer");
            case Aggregate a -> a.elements().stream().allMatch(e -> e.value() != null && e.value().isZero());
            case Bytes b -> {
                for (byte x : b.bytes()) if (x != 0) yield false;
                yield true;
            }
            default -> false;
        };
    }

    /** The zero value of a type: {@code 0}, {@code null}, {@code 0.0} or {@code zeroinitializer}. */
    static Value zero(Type t) {
        return switch (t) {
            case Type.Int i -> new Int(0);
            case Type.Ptr p -> NULL;
            case Type.Fp f -> new Text("0.0");
            default -> ZERO;
        };
    }

    static Value local(String name) {
        return new Local(name);
    }

    static Value global(String name) {
        return new Global(name);
    }

    static Value of(long v) {
        return new Int(v);
    }

    /** Parses the value in tokens {@code [from, to)}; null when the range is empty. */
    static Value parse(Tokens t, int from, int to) {
        if (from >= to) return null;
        if (to == from + 1) {
            byte kind = t.kind(from);
            if (kind == Tok.LOCAL) return new Local(t.identName(from));
            if (kind == Tok.GLOBAL) return new Global(t.identName(from));
            String w = t.text(from);
            return switch (kind) {
                case Tok.META_ID, Tok.META_NAME -> new Metadata(w);
                case Tok.STRING -> w.startsWith("c\"") ? new Bytes(Names.unescapeBytes(t.source(), t.start(from) + 2, t.end(from) - 1))
                        : new Text(w);
                case Tok.WORD -> switch (w) {
                    case "null", "undef", "poison", "zeroinitializer", "true", "false" -> new Keyword(w);
                    default -> {
                        try {
                            yield new Int(Long.parseLong(w));
                        } catch (NumberFormatException e) {
                            yield new Text(w);
                        }
                    }
                };
                default -> new Text(w);
            };
        }
        if (t.is(from, "inttoptr") && t.isPunct(from + 1, '(') && t.matching(from + 1) == to - 1) {
            Operand inner = Operand.parse(t, from + 2, t.indexOf("to", from + 2));
            if (inner != null && inner.type() instanceof Type.Int it && inner.value() instanceof Int v
                    && t.is(to - 2, "ptr") && t.is(to - 3, "to")) {
                return new IntToPtr(it, v.value());
            }
        }
        if (t.kind(from) == Tok.META_NAME || t.isPunct(from, '!')) return new Metadata(t.span(from, to)); // !{...}, !"str", !DIExpression()
        char open = t.isPunct(from, '{') ? '{' : t.isPunct(from, '[') ? '[' : t.isPunct(from, '<') && t.isPunct(from + 1, '{') ? 'p'
                : t.isPunct(from, '<') ? '<' : 0;
        if (open != 0 && t.matching(from) == to - 1) {
            int innerFrom = open == 'p' ? from + 2 : from + 1;
            int innerTo = open == 'p' ? to - 2 : to - 1;
            List<Operand> elems = new ArrayList<>();
            int[] parts = t.splitTopLevel(innerFrom, innerTo);
            for (int k = 0; k < parts.length; k += 2) {
                if (parts[k] >= parts[k + 1]) continue;
                Operand e = Operand.parse(t, parts[k], parts[k + 1]);
                if (e == null) return new Text(t.span(from, to));
                elems.add(e);
            }
            return new Aggregate(open, elems);
        }
        return new Text(t.span(from, to));
    }

    /** Parses a whole value text. */
    static Value parse(String text) {
        Tokens t = Tokens.of(text);
        return parse(t, 0, t.size());
    }
}
