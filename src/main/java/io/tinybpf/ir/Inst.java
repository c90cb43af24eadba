package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed views of instructions. A view reads the line's tokens (operands with their types) and edits
 * it by splicing the operands it changes, so the rest of the line keeps its exact text. Views are
 * snapshots: after an edit, ask the line for a new one ({@link BodyLine#inst()}).
 */
public sealed interface Inst
        permits Call, Inst.Load, Inst.Store, Inst.Gep, Inst.Alloca, Inst.Ret, Inst.Br, Inst.Switch, Inst.ICmp,
                Inst.Binary, Inst.Cast, Inst.Select, Inst.Phi, Inst.ExtractValue, Inst.InsertValue, Inst.Unreachable,
                Inst.Other {
    BodyLine line();

    default String opcode() {
        return line().opcode();
    }

    /** The SSA result name without {@code %}, or null. */
    default String result() {
        return line().result();
    }

    /** The {@code !dbg} location id, or -1. */
    default int dbg() {
        return line().attachment("dbg");
    }

    /** The view for a line; null for labels, debug records and trivia. */
    /** Builds the view; {@link BodyLine#inst()} keeps it until the line changes. */
    static Inst of(BodyLine l) {
        if (!l.isInstruction()) return null;
        return switch (l.opcode()) {
            case "call" -> {
                Call c = Call.parse(l);
                yield c != null ? c : new Other(l);
            }
            case "load" -> new Load(l, new Items(l));
            case "store" -> new Store(l, new Items(l));
            case "getelementptr" -> new Gep(l, new Items(l));
            case "alloca" -> new Alloca(l, new Items(l));
            case "ret" -> new Ret(l, new Items(l));
            case "br" -> new Br(l, new Items(l));
            case "switch" -> new Switch(l, new Items(l));
            case "icmp" -> new ICmp(l, new Items(l));
            case "add", "sub", "mul", "udiv", "sdiv", "urem", "srem", "shl", "lshr", "ashr", "and", "or", "xor" -> new Binary(l, new Items(l));
            case "trunc", "zext", "sext", "ptrtoint", "inttoptr", "bitcast", "addrspacecast" -> new Cast(l, new Items(l));
            case "select" -> new Select(l, new Items(l));
            case "phi" -> new Phi(l, new Items(l));
            case "extractvalue" -> new ExtractValue(l, new Items(l));
            case "insertvalue" -> new InsertValue(l, new Items(l));
            case "unreachable" -> new Unreachable(l);
            default -> new Other(l);
        };
    }

    /**
     * The comma-separated items after the opcode (and its leading keywords), metadata attachments
     * excluded: {@code load volatile i32, ptr %p, align 4} has items {@code [volatile i32, ptr %p, align 4]}.
     */
    final class Items {
        final Tokens t;
        final int[] ranges;

        Items(BodyLine l) {
            t = l.tokens();
            int[] parts = t.splitTopLevel(l.opcodeIndex() + 1, t.size());
            int n = 0;
            int[] keep = new int[parts.length];
            for (int k = 0; k < parts.length; k += 2) {
                if (parts[k] < parts[k + 1] && t.kind(parts[k]) == Tok.META_NAME) continue; // !dbg !5
                keep[n++] = parts[k];
                keep[n++] = parts[k + 1];
            }
            ranges = java.util.Arrays.copyOf(keep, n);
        }

        int size() {
            return ranges.length / 2;
        }

        int from(int i) {
            return ranges[2 * i];
        }

        int to(int i) {
            return ranges[2 * i + 1];
        }

        /** Index of the first item starting with {@code word}, or -1. */
        int find(String word) {
            for (int i = 0; i < size(); i++) if (t.is(from(i), word)) return i;
            return -1;
        }

        /** The number after {@code align} ({@code , align 8}), or 0. */
        long align() {
            int i = find("align");
            return i < 0 ? 0 : Long.parseLong(t.text(from(i) + 1));
        }

        Operand operand(int i) {
            return i < size() ? Operand.parse(t, from(i), to(i)) : null;
        }

        /** Skips leading keywords of item 0 (flags such as {@code volatile}, {@code inbounds}). */
        int skipWords(int at, int to, java.util.function.Predicate<String> flag) {
            while (at < to && t.kind(at) == Tok.WORD && flag.test(t.text(at))) at++;
            return at;
        }
    }

    /** Replaces the value of the operand spanning tokens {@code [from, to)} of the line, keeping its type and attributes. */
    private static void replaceValue(BodyLine l, int from, int to, Value v) {
        Tokens t = l.tokens();
        int start = Operand.valueIndex(t, from, to);
        if (start >= to) throw new IllegalStateException("operand without a value: " + t.span(from, to));
        l.apply(t.edit().replace(start, to, v.toString()));
    }

    /** {@code %r = load [atomic] [volatile] T, ptr %p [, align N]}. */
    final class Load implements Inst {
        private final BodyLine line;
        private final Items it;

        Load(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        private int typeStart() {
            return it.skipWords(it.from(0), it.to(0), w -> w.equals("volatile") || w.equals("atomic"));
        }

        public boolean isVolatile() {
            for (int i = it.from(0); i < typeStart(); i++) if (it.t.is(i, "volatile")) return true;
            return false;
        }

        public boolean isAtomic() {
            for (int i = it.from(0); i < typeStart(); i++) if (it.t.is(i, "atomic")) return true;
            return false;
        }

        /** The loaded type. */
        public Type type() {
            return Type.parse(it.t, typeStart()).type();
        }

        public Operand pointer() {
            return stripOrdering(it.t, it.from(1), it.to(1));
        }

        public long align() {
            return it.align();
        }

        /** Makes the load volatile (C's {@code const volatile} read of a loader-set constant). */
        public void setVolatile() {
            if (isVolatile()) return;
            int at = typeStart();
            line.apply(it.t.edit().insertBefore(at, "volatile "));
        }

        public void setPointer(Value v) {
            replaceValue(line, it.from(1), operandEnd(it.t, it.from(1), it.to(1)), v);
        }
    }

    /** An atomic access's pointer item ends before {@code syncscope(...)} and the ordering. */
    private static int operandEnd(Tokens t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.is(i, "syncscope") || isOrdering(t, i)) return i;
        }
        return to;
    }

    private static Operand stripOrdering(Tokens t, int from, int to) {
        return Operand.parse(t, from, operandEnd(t, from, to));
    }

    private static boolean isOrdering(Tokens t, int i) {
        return t.kind(i) == Tok.WORD && switch (t.text(i)) {
            case "unordered", "monotonic", "acquire", "release", "acq_rel", "seq_cst" -> true;
            default -> false;
        };
    }

    /** {@code store [atomic] [volatile] T v, ptr %p [, align N]}. */
    final class Store implements Inst {
        private final BodyLine line;
        private final Items it;

        Store(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        private int valueStart() {
            return it.skipWords(it.from(0), it.to(0), w -> w.equals("volatile") || w.equals("atomic"));
        }

        public boolean isVolatile() {
            for (int i = it.from(0); i < valueStart(); i++) if (it.t.is(i, "volatile")) return true;
            return false;
        }

        public Operand value() {
            return Operand.parse(it.t, valueStart(), it.to(0));
        }

        public Operand pointer() {
            return stripOrdering(it.t, it.from(1), it.to(1));
        }

        public long align() {
            return it.align();
        }

        public void setPointer(Value v) {
            replaceValue(line, it.from(1), operandEnd(it.t, it.from(1), it.to(1)), v);
        }
    }

    /** {@code %r = getelementptr [inbounds] [nuw] [nusw] T, ptr %base, idx...}. */
    final class Gep implements Inst {
        private final BodyLine line;
        private final Items it;

        Gep(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        private int typeStart() {
            return it.skipWords(it.from(0), it.to(0), w -> w.equals("inbounds") || w.equals("nuw") || w.equals("nusw")
                    || w.startsWith("inrange"));
        }

        public List<String> flags() {
            List<String> out = new ArrayList<>();
            for (int i = it.from(0); i < typeStart(); i++) out.add(it.t.text(i));
            return out;
        }

        /** The source element type the indices step through. */
        public Type sourceType() {
            return Type.parse(it.t, typeStart()).type();
        }

        public Operand base() {
            return it.operand(1);
        }

        /** Index operands ({@code i64 3}, {@code i32 %k}). */
        public List<Operand> indices() {
            List<Operand> out = new ArrayList<>();
            for (int i = 2; i < it.size(); i++) {
                Operand o = it.operand(i);
                if (o != null) out.add(o);
            }
            return out;
        }

        public void setBase(Value v) {
            replaceValue(line, it.from(1), it.to(1), v);
        }
    }

    /** {@code %r = alloca T [, T n] [, align N]}. */
    final class Alloca implements Inst {
        private final BodyLine line;
        private final Items it;

        Alloca(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        public Type type() {
            int at = it.skipWords(it.from(0), it.to(0), w -> w.equals("inalloca"));
            return Type.parse(it.t, at).type();
        }

        /** The element count operand, or null for one element. */
        public Operand count() {
            if (it.size() < 2 || it.t.is(it.from(1), "align") || it.t.is(it.from(1), "addrspace")) return null;
            return it.operand(1);
        }

        public long align() {
            return it.align();
        }
    }

    /** {@code ret void} or {@code ret T v}. */
    final class Ret implements Inst {
        private final BodyLine line;
        private final Items it;

        Ret(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        /** The returned operand, or null for {@code ret void}. */
        public Operand value() {
            Operand o = it.operand(0);
            return o == null || o.type() instanceof Type.Void ? null : o;
        }
    }

    /** {@code br label %l} or {@code br i1 %c, label %t, label %f}. */
    final class Br implements Inst {
        private final BodyLine line;
        private final Items it;

        Br(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        public boolean isConditional() {
            return it.size() == 3;
        }

        public Operand condition() {
            return isConditional() ? it.operand(0) : null;
        }

        /** Target labels: one, or the true and the false successor. */
        private List<String> targets;

        /** Target block names (kept: control-flow scans ask each branch many times). */
        public List<String> targets() {
            List<String> out = targets;
            if (out == null) {
                String[] names = new String[it.size() - (isConditional() ? 1 : 0)];
                for (int i = isConditional() ? 1 : 0, k = 0; i < it.size(); i++) names[k++] = it.t.identName(it.to(i) - 1);
                targets = out = List.of(names);
            }
            return out;
        }
    }

    /** {@code switch T v, label %default [ T c, label %l ... ]}. */
    final class Switch implements Inst {
        private final BodyLine line;
        private final Items it;

        Switch(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        public Operand condition() {
            return it.operand(0);
        }

        public String defaultTarget() {
            int open = it.t.indexOf("[", it.from(1));
            int end = open < 0 ? it.to(1) : open;
            return it.t.identName(end - 1);
        }

        /** Case values and their labels: {@code [ T v, label %l  T w, label %m ]} (cases are not comma-separated). */
        public List<Case> cases() {
            List<Case> out = new ArrayList<>();
            Tokens t = it.t;
            int open = t.indexOf("[", it.from(1));
            if (open < 0) return out;
            int close = t.matching(open);
            int i = open + 1;
            while (i < close) {
                int comma = i;
                while (comma < close && !t.isPunct(comma, ',')) comma++;
                if (comma + 2 >= close + 1 || !t.is(comma + 1, "label")) break;
                out.add(new Case(Operand.parse(t, i, comma), t.identName(comma + 2)));
                i = comma + 3;
            }
            return out;
        }

        public record Case(Operand value, String target) {}
    }

    /** {@code %r = icmp [samesign] pred T a, b}. */
    final class ICmp implements Inst {
        private final BodyLine line;
        private final Items it;

        ICmp(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        private int predIndex() {
            int i = it.from(0);
            return it.t.is(i, "samesign") ? i + 1 : i;
        }

        public String predicate() {
            return it.t.text(predIndex());
        }

        public Operand lhs() {
            return Operand.parse(it.t, predIndex() + 1, it.to(0));
        }

        /** The right operand, typed like the left one. */
        public Operand rhs() {
            return new Operand(lhs().type(), List.of(), Value.parse(it.t, it.from(1), it.to(1)));
        }
    }

    /** {@code %r = op [flags] T a, b} for the integer binary operators. */
    final class Binary implements Inst {
        private final BodyLine line;
        private final Items it;

        Binary(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        private int typeStart() {
            return it.skipWords(it.from(0), it.to(0), w -> w.equals("nuw") || w.equals("nsw") || w.equals("exact") || w.equals("disjoint"));
        }

        public List<String> flags() {
            List<String> out = new ArrayList<>();
            for (int i = it.from(0); i < typeStart(); i++) out.add(it.t.text(i));
            return out;
        }

        public Type type() {
            return Type.parse(it.t, typeStart()).type();
        }

        public Operand lhs() {
            return Operand.parse(it.t, typeStart(), it.to(0));
        }

        public Operand rhs() {
            return new Operand(type(), List.of(), Value.parse(it.t, it.from(1), it.to(1)));
        }
    }

    /** {@code %r = cast [flags] T v to U}. */
    final class Cast implements Inst {
        private final BodyLine line;
        private final Items it;

        Cast(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        private int toIndex() {
            int i = it.t.indexOf("to", it.from(0));
            return i < 0 || i >= it.to(0) ? it.to(0) : i;
        }

        public Operand source() {
            int at = it.skipWords(it.from(0), it.to(0), w -> w.equals("nuw") || w.equals("nsw") || w.equals("nneg"));
            return Operand.parse(it.t, at, toIndex());
        }

        public Type target() {
            return Type.parse(it.t, toIndex() + 1).type();
        }
    }

    /** {@code %r = select [fmf] i1 c, T a, T b}. */
    final class Select implements Inst {
        private final BodyLine line;
        private final Items it;

        Select(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        public Operand condition() {
            return it.operand(0);
        }

        public Operand ifTrue() {
            return it.operand(1);
        }

        public Operand ifFalse() {
            return it.operand(2);
        }
    }

    /** {@code %r = phi T [ v, %l ], ...}. */
    final class Phi implements Inst {
        private final BodyLine line;
        private final Items it;

        Phi(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        public Type type() {
            return Type.parse(it.t, it.from(0)).type();
        }

        public record Incoming(Value value, String block) {}

        public List<Incoming> incoming() {
            List<Incoming> out = new ArrayList<>();
            Tokens t = it.t;
            for (int i = 0; i < it.size(); i++) {
                int open = t.indexOf("[", it.from(i));
                if (open < 0 || open >= it.to(i)) continue;
                int close = t.matching(open);
                int[] parts = t.splitTopLevel(open + 1, close);
                if (parts.length < 4) continue;
                out.add(new Incoming(Value.parse(t, parts[0], parts[1]), t.identName(parts[3] - 1)));
            }
            return out;
        }
    }

    /** {@code %r = extractvalue T agg, i...}. */
    final class ExtractValue implements Inst {
        private final BodyLine line;
        private final Items it;

        ExtractValue(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        public Operand aggregate() {
            return it.operand(0);
        }

        public List<Integer> indices() {
            List<Integer> out = new ArrayList<>();
            for (int i = 1; i < it.size(); i++) out.add(Integer.parseInt(it.t.text(it.from(i))));
            return out;
        }
    }

    /** {@code %r = insertvalue T agg, U v, i...}. */
    final class InsertValue implements Inst {
        private final BodyLine line;
        private final Items it;

        InsertValue(BodyLine line, Items it) {
            this.line = line;
            this.it = it;
        }

        public BodyLine line() {
            return line;
        }

        public Operand aggregate() {
            return it.operand(0);
        }

        public Operand element() {
            return it.operand(1);
        }

        public List<Integer> indices() {
            List<Integer> out = new ArrayList<>();
            for (int i = 2; i < it.size(); i++) out.add(Integer.parseInt(it.t.text(it.from(i))));
            return out;
        }
    }

    record Unreachable(BodyLine line) implements Inst {}

    /** Any other instruction (atomics, fences, vector and floating-point operations...). */
    record Other(BodyLine line) implements Inst {}
}
