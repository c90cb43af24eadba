package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * An LLVM IR type, parsed from tokens and printed in LLVM's own syntax. Passes ask types for their
 * shape and size instead of comparing type text, and build new instructions from them.
 */
public sealed interface Type {
    Int I1 = new Int(1), I8 = new Int(8), I16 = new Int(16), I32 = new Int(32), I64 = new Int(64);
    Ptr PTR = new Ptr(0);
    Void VOID = new Void();

    /** {@code iN}. */
    record Int(int bits) implements Type {
        public String toString() {
            return "i" + bits;
        }

        /** Bytes in memory (i1 takes a byte). */
        public int bytes() {
            return Math.max(1, (bits + 7) / 8);
        }
    }

    /** {@code ptr} or {@code ptr addrspace(N)}. */
    record Ptr(int addrSpace) implements Type {
        public String toString() {
            return addrSpace == 0 ? "ptr" : "ptr addrspace(" + addrSpace + ")";
        }
    }

    /** {@code [N x T]}. */
    record Array(long count, Type element) implements Type {
        public String toString() {
            return "[" + count + " x " + element + "]";
        }
    }

    /** {@code <N x T>} or {@code <vscale x N x T>}. */
    record Vector(long count, Type element, boolean scalable) implements Type {
        public String toString() {
            return "<" + (scalable ? "vscale x " : "") + count + " x " + element + ">";
        }
    }

    /** A literal struct {@code { T, U }} or packed {@code <{ T, U }>}. */
    record Struct(List<Type> fields, boolean packed) implements Type {
        public Struct {
            fields = List.copyOf(fields);
        }

        public String toString() {
            StringBuilder sb = new StringBuilder(packed ? "<{" : "{");
            for (int i = 0; i < fields.size(); i++) sb.append(i == 0 ? " " : ", ").append(fields.get(i));
            return sb.append(fields.isEmpty() ? "" : " ").append(packed ? "}>" : "}").toString();
        }
    }

    /** A named (identified) struct {@code %T}; its body is a {@link TypeDef}. */
    record Named(String name) implements Type {
        public String toString() {
            return Names.local(name);
        }
    }

    /** {@code half}, {@code float}, {@code double}, ... */
    record Fp(String name) implements Type {
        public String toString() {
            return name;
        }
    }

    /** {@code R (P, Q, ...)}: the type of a function, as written in vararg calls and declarations. */
    record Func(Type ret, List<Type> params, boolean varArg) implements Type {
        public Func {
            params = List.copyOf(params);
        }

        public String toString() {
            StringBuilder sb = new StringBuilder().append(ret).append(" (");
            for (int i = 0; i < params.size(); i++) sb.append(i == 0 ? "" : ", ").append(params.get(i));
            if (varArg) sb.append(params.isEmpty() ? "..." : ", ...");
            return sb.append(')').toString();
        }
    }

    record Void() implements Type {
        public String toString() {
            return "void";
        }
    }

    /** {@code label}, {@code metadata}, {@code token}, {@code opaque}, {@code target(...)} and others kept as written. */
    record Other(String text) implements Type {
        public String toString() {
            return text;
        }
    }

    default boolean isInt() {
        return this instanceof Int;
    }

    default boolean isPtr() {
        return this instanceof Ptr;
    }

    default boolean isFloatingPoint() {
        return this instanceof Fp || (this instanceof Vector v && v.element() instanceof Fp);
    }

    /** Width of an integer type, or -1. */
    default int intBits() {
        return this instanceof Int i ? i.bits() : -1;
    }

    static Int integer(int bits) {
        return switch (bits) {
            case 1 -> I1;
            case 8 -> I8;
            case 16 -> I16;
            case 32 -> I32;
            case 64 -> I64;
            default -> new Int(bits);
        };
    }

    /** Parses a whole type text, e.g. {@code [4 x i32]}. */
    static Type parse(String text) {
        Tokens t = Tokens.of(text);
        Parsed p = parse(t, 0);
        if (p == null || p.end() != t.size()) throw new IllegalArgumentException("not an LLVM type: " + text);
        return p.type();
    }

    /** A type and the index of the token after it. */
    record Parsed(Type type, int end) {}

    /**
     * Parses the type starting at token {@code i}; null when no type starts there. A function type
     * ({@code i32 (ptr, ...)}) is recognised when the parameter list follows the return type.
     */
    static Parsed parse(Tokens t, int i) {
        Parsed p = parseBase(t, i);
        if (p == null) return null;
        // old-style pointers (T*) and function types
        int e = p.end();
        Type type = p.type();
        while (e < t.size()) {
            if (t.isPunct(e, '*')) {
                type = PTR;
                e++;
            } else if (t.isPunct(e, '(') && !(type instanceof Other)) {
                Parsed f = funcParams(t, e, type);
                if (f == null) break;
                type = f.type();
                e = f.end();
            } else {
                break;
            }
        }
        return new Parsed(type, e);
    }

    private static Parsed funcParams(Tokens t, int open, Type ret) {
        int close = t.matching(open);
        if (close < 0) return null;
        List<Type> params = new ArrayList<>();
        boolean varArg = false;
        int[] parts = t.splitTopLevel(open + 1, close);
        for (int k = 0; k < parts.length; k += 2) {
            if (parts[k] >= parts[k + 1]) continue;
            if (t.is(parts[k], "...")) {
                varArg = true;
                continue;
            }
            Parsed p = parse(t, parts[k]);
            if (p == null) return null;
            params.add(p.type());
        }
        return new Parsed(new Func(ret, params, varArg), close + 1);
    }

    private static Parsed parseBase(Tokens t, int i) {
        if (i >= t.size()) return null;
        byte k = t.kind(i);
        if (k == Tok.LOCAL) return new Parsed(new Named(t.identName(i)), i + 1);
        if (t.isPunct(i, '[')) {
            int close = t.matching(i);
            if (close < 0 || !t.is(i + 2, "x")) return null;
            long n = parseLong(t.text(i + 1));
            Parsed el = parse(t, i + 3);
            if (n < 0 || el == null || el.end() != close) return null;
            return new Parsed(new Array(n, el.type()), close + 1);
        }
        if (t.isPunct(i, '<') && t.isPunct(i + 1, '{')) {
            int close = t.matching(i);
            Parsed s = structBody(t, i + 1);
            if (s == null || close < 0 || s.end() != close) return null;
            return new Parsed(new Struct(((Struct) s.type()).fields(), true), close + 1);
        }
        if (t.isPunct(i, '<')) {
            int close = t.matching(i);
            if (close < 0) return null;
            int j = i + 1;
            boolean scalable = t.is(j, "vscale") && t.is(j + 1, "x");
            if (scalable) j += 2;
            long n = parseLong(t.text(j));
            Parsed el = t.is(j + 1, "x") ? parse(t, j + 2) : null;
            if (n < 0 || el == null || el.end() != close) return null;
            return new Parsed(new Vector(n, el.type(), scalable), close + 1);
        }
        if (t.isPunct(i, '{')) return structBody(t, i);
        if (k != Tok.WORD) return null;
        String w = t.text(i);
        if (w.equals("ptr")) {
            if (t.is(i + 1, "addrspace") && t.isPunct(i + 2, '(')) {
                int close = t.matching(i + 2);
                return new Parsed(new Ptr((int) parseLong(t.text(i + 3))), close + 1);
            }
            return new Parsed(PTR, i + 1);
        }
        if (w.equals("void")) return new Parsed(VOID, i + 1);
        if (w.length() > 1 && w.charAt(0) == 'i' && w.chars().skip(1).allMatch(Character::isDigit)) {
            return new Parsed(integer(Integer.parseInt(w.substring(1))), i + 1);
        }
        switch (w) {
            case "half", "bfloat", "float", "double", "fp128", "x86_fp80", "ppc_fp128" -> {
                return new Parsed(new Fp(w), i + 1);
            }
            case "label", "metadata", "token", "opaque", "x86_amx" -> {
                return new Parsed(new Other(w), i + 1);
            }
            case "target" -> {
                if (!t.isPunct(i + 1, '(')) return null;
                int close = t.matching(i + 1);
                return close < 0 ? null : new Parsed(new Other(t.span(i, close + 1)), close + 1);
            }
            default -> {
                return null;
            }
        }
    }

    private static Parsed structBody(Tokens t, int open) {
        int close = t.matching(open);
        if (close < 0) return null;
        List<Type> fields = new ArrayList<>();
        int[] parts = t.splitTopLevel(open + 1, close);
        for (int k = 0; k < parts.length; k += 2) {
            if (parts[k] >= parts[k + 1]) continue;
            Parsed p = parse(t, parts[k]);
            if (p == null || p.end() != parts[k + 1]) return null;
            fields.add(p.type());
        }
        return new Parsed(new Struct(fields, false), close + 1);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
