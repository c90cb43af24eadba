package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A typed operand as it appears in an argument list or instruction: {@code ptr nonnull align 4 %x}
 * is type {@code ptr}, attributes {@code [nonnull, align 4]} and value {@code %x}.
 *
 * @param attributes parameter attributes between the type and the value, each as written
 *                   ({@code nonnull}, {@code align 4}, {@code elementtype(i32)}, {@code dereferenceable(8)})
 */
public record Operand(Type type, List<String> attributes, Value value) {
    public Operand {
        attributes = List.copyOf(attributes);
    }

    public static Operand of(Type type, Value value) {
        return new Operand(type, List.of(), value);
    }

    public static Operand i32(long v) {
        return of(Type.I32, Value.of(v));
    }

    public static Operand i64(long v) {
        return of(Type.I64, Value.of(v));
    }

    public static Operand ptr(Value v) {
        return of(Type.PTR, v);
    }

    public Operand withValue(Value v) {
        return new Operand(type, attributes, v);
    }

    public Operand withAttribute(String attribute) {
        List<String> a = new ArrayList<>(attributes);
        a.add(attribute);
        return new Operand(type, a, value);
    }

    public Operand withoutAttributes() {
        return new Operand(type, List.of(), value);
    }

    public boolean hasAttribute(String word) {
        for (String a : attributes) if (a.equals(word) || a.startsWith(word + "(") || a.startsWith(word + " ")) return true;
        return false;
    }

    /** The {@code %local} this operand reads, or null. */
    public String local() {
        return value == null ? null : value.localName();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.toString());
        for (String a : attributes) sb.append(' ').append(a);
        if (value != null) sb.append(' ').append(value);
        return sb.toString();
    }

    /**
     * Parses tokens {@code [from, to)} as {@code <type> [attributes] <value>}; the value is absent
     * for a bare type (a declaration's parameter). Null when no type starts at {@code from}.
     */
    public static Operand parse(Tokens t, int from, int to) {
        if (from < 0 || to > t.size() || from >= to) return null;
        Type.Parsed ty = Type.parse(t, from);
        if (ty == null || ty.end() > to) return null;
        int valueStart = valueStart(t, ty.end(), to);
        List<String> attrs = attributes(t, ty.end(), valueStart);
        return new Operand(ty.type(), attrs, Value.parse(t, valueStart, to));
    }

    /** Token index where the value of the operand {@code [from, to)} starts ({@code to} when it has none). */
    static int valueIndex(Tokens t, int from, int to) {
        Type.Parsed ty = Type.parse(t, from);
        return ty == null ? to : valueStart(t, ty.end(), to);
    }

    /** Parses a whole operand text such as {@code i64 16}. */
    public static Operand parse(String text) {
        Tokens t = Tokens.of(text);
        return parse(t, 0, t.size());
    }

    /** Where the value begins: the last value expression of the range. */
    private static int valueStart(Tokens t, int from, int to) {
        if (from >= to) return to;
        int last = to - 1;
        if (t.isPunct(last, ')') || t.isPunct(last, '}') || t.isPunct(last, ']') || t.isPunct(last, '>')) {
            // a constant expression (word + parenthesis) or an aggregate ending the range
            for (int i = from; i < last; i++) {
                if (t.kind(i) == Tok.WORD && isConstExprWord(t.text(i))) {
                    int j = i + 1; // getelementptr inbounds nuw (...), add nuw (...): flags before the parenthesis
                    while (j < last && t.kind(j) == Tok.WORD && CONST_EXPR_FLAGS.contains(t.text(j))) j++;
                    if (t.isPunct(j, '(') && t.matching(j) == last) return i;
                }
                if ((t.isPunct(i, '{') || t.isPunct(i, '[') || t.isPunct(i, '<')) && t.matching(i) == last) {
                    // an attribute's argument list is not a value: range(i32 0, 8) is inside (...)
                    return i;
                }
                if (t.isPunct(i, '(') && t.matching(i) > 0) i = t.matching(i);
            }
        }
        if (t.kind(last) == Tok.WORD && !isValueWord(t.text(last))) return to; // declaration parameter: attributes only
        if (t.isPunct(last, ')')) return to; // e.g. "ptr captures(none)" in a declaration
        return last;
    }

    private static boolean isValueWord(String w) {
        return switch (w) {
            case "null", "undef", "poison", "zeroinitializer", "true", "false", "none" -> true;
            default -> {
                char c = w.charAt(0);
                yield Character.isDigit(c) || c == '-' || c == '+';
            }
        };
    }

    private static final java.util.Set<String> CONST_EXPR_FLAGS =
            java.util.Set.of("inbounds", "nuw", "nsw", "nusw", "exact", "disjoint", "nneg", "samesign");

    private static boolean isConstExprWord(String w) {
        return switch (w) {
            case "inttoptr", "ptrtoint", "bitcast", "addrspacecast", "getelementptr", "trunc", "sub", "add", "mul", "shl",
                 "xor", "blockaddress", "dso_local_equivalent", "no_cfi", "icmp", "select", "extractelement", "insertelement",
                 "shufflevector", "splat", "ptrauth" -> true;
            default -> false;
        };
    }

    /** Attribute words in {@code [from, to)}; an attribute with arguments stays one item. */
    static List<String> attributes(Tokens t, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (t.isPunct(i + 1, '(') && i + 1 < to) {
                int close = t.matching(i + 1);
                out.add(t.span(i, close + 1));
                i = close;
            } else if ((t.is(i, "align") || t.is(i, "dereferenceable")) && i + 1 < to && t.kind(i + 1) == Tok.WORD
                    && Character.isDigit(t.text(i + 1).charAt(0))) {
                out.add(t.span(i, i + 2));
                i++;
            } else {
                out.add(t.text(i));
            }
        }
        return out;
    }
}
