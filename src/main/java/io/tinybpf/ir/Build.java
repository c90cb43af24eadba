package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates instructions from typed parts and prints them in LLVM syntax: the one place where
 * instruction text is assembled. A pass writes {@code Build.call(...).dbg(loc).line()} and gets a
 * {@link BodyLine} to insert; it never concatenates IR text itself.
 */
public final class Build {
    private Build() {}

    /** An instruction being built: its text and metadata attachments, then {@link #line()}. */
    public static final class NewInst {
        private final String result;
        private final String body;
        private final List<String> attachments = new ArrayList<>();

        private NewInst(String result, String body) {
            this.result = result;
            this.body = body;
        }

        /** Attaches {@code !dbg !id} (nothing for -1). */
        public NewInst dbg(int id) {
            return attach("dbg", id);
        }

        /** Attaches {@code !key !id} (nothing for -1). */
        public NewInst attach(String key, int id) {
            if (id >= 0) attachments.add("!" + key + " !" + id);
            return this;
        }

        /** The result as a value ({@code %name}); the instruction must have one. */
        public Value value() {
            if (result == null) throw new IllegalStateException("instruction has no result: " + body);
            return Value.local(result);
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            if (result != null) sb.append(Names.local(result)).append(" = ");
            sb.append(body);
            for (String a : attachments) sb.append(", ").append(a);
            return sb.toString();
        }

        public BodyLine line() {
            return BodyLine.instruction(text());
        }
    }

    private static String join(List<Operand> ops) {
        StringBuilder sb = new StringBuilder();
        for (Operand o : ops) sb.append(sb.isEmpty() ? "" : ", ").append(o);
        return sb.toString();
    }

    /** {@code [%r =] call T callee(args)}; result null for a call whose value is unused (or void). */
    public static NewInst call(String result, Type ret, Value callee, List<Operand> args) {
        return new NewInst(result, "call " + ret + " " + callee + "(" + join(args) + ")");
    }

    /** {@code [%r =] call <cconv> T callee(args)}: the convention must match the callee's. */
    public static NewInst call(String result, String callingConvention, Type ret, Value callee, List<Operand> args) {
        if (callingConvention == null) return call(result, ret, callee, args);
        return new NewInst(result, "call " + callingConvention + " " + ret + " " + callee + "(" + join(args) + ")");
    }

    /** {@code %r = alloca T, align N}. */
    public static NewInst alloca(String result, Type type, long align) {
        return new NewInst(result, "alloca " + type + (align > 0 ? ", align " + align : ""));
    }

    /** {@code %r = load [volatile] T, ptr p, align N}. */
    public static NewInst load(String result, Type type, Value ptr, boolean isVolatile, long align) {
        return new NewInst(result, "load " + (isVolatile ? "volatile " : "") + type + ", ptr " + ptr + (align > 0 ? ", align " + align : ""));
    }

    /** {@code store T v, ptr p, align N}. */
    public static NewInst store(Operand value, Value ptr, long align) {
        return new NewInst(null, "store " + value + ", ptr " + ptr + (align > 0 ? ", align " + align : ""));
    }

    /** {@code %r = getelementptr [inbounds] T, ptr base, indices...}. */
    public static NewInst gep(String result, boolean inbounds, Type source, Value base, List<Operand> indices) {
        StringBuilder sb = new StringBuilder("getelementptr ");
        if (inbounds) sb.append("inbounds ");
        sb.append(source).append(", ptr ").append(base);
        for (Operand i : indices) sb.append(", ").append(i);
        return new NewInst(result, sb.toString());
    }

    /** {@code ret T v}, or {@code ret void} for a null operand. */
    public static NewInst ret(Operand value) {
        return new NewInst(null, value == null || value.type() instanceof Type.Void ? "ret void" : "ret " + value);
    }

    /** {@code br label %l}. */
    public static NewInst br(String label) {
        return new NewInst(null, "br label " + Names.local(label));
    }

    /** {@code br i1 c, label %t, label %f}. */
    public static NewInst br(Value cond, String ifTrue, String ifFalse) {
        return new NewInst(null, "br i1 " + cond + ", label " + Names.local(ifTrue) + ", label " + Names.local(ifFalse));
    }

    /** {@code %r = icmp pred T a, b}. */
    public static NewInst icmp(String result, String predicate, Type type, Value a, Value b) {
        return new NewInst(result, "icmp " + predicate + " " + type + " " + a + ", " + b);
    }

    /** {@code %r = op [flags] T a, b} (add, sub, udiv, ...). */
    public static NewInst binary(String result, String op, List<String> flags, Type type, Value a, Value b) {
        StringBuilder sb = new StringBuilder(op);
        for (String f : flags) sb.append(' ').append(f);
        return new NewInst(result, sb.append(' ').append(type).append(' ').append(a).append(", ").append(b).toString());
    }

    /** {@code %r = op T v to U} (zext, trunc, sext, ptrtoint, inttoptr, bitcast). */
    public static NewInst cast(String result, String op, Operand value, Type to) {
        return new NewInst(result, op + " " + value + " to " + to);
    }

    /** {@code %r = select i1 c, T a, T b}. */
    public static NewInst select(String result, Value cond, Operand a, Operand b) {
        return new NewInst(result, "select i1 " + cond + ", " + a + ", " + b);
    }

    /** {@code %r = phi T [ v, %block ], ...}. */
    public static NewInst phi(String result, Type type, List<Inst.Phi.Incoming> incoming) {
        StringBuilder sb = new StringBuilder("phi ").append(type);
        for (int i = 0; i < incoming.size(); i++) {
            Inst.Phi.Incoming in = incoming.get(i);
            sb.append(i == 0 ? " " : ", ").append("[ ").append(in.value()).append(", ").append(Names.local(in.block())).append(" ]");
        }
        return new NewInst(result, sb.toString());
    }

    /** {@code %r = extractvalue T agg, i...}. */
    public static NewInst extractValue(String result, Operand aggregate, List<Integer> indices) {
        StringBuilder sb = new StringBuilder("extractvalue ").append(aggregate);
        for (int i : indices) sb.append(", ").append(i);
        return new NewInst(result, sb.toString());
    }

    /** {@code %r = insertvalue T agg, U v, i...}. */
    public static NewInst insertValue(String result, Operand aggregate, Operand element, List<Integer> indices) {
        StringBuilder sb = new StringBuilder("insertvalue ").append(aggregate).append(", ").append(element);
        for (int i : indices) sb.append(", ").append(i);
        return new NewInst(result, sb.toString());
    }

    public static NewInst unreachable() {
        return new NewInst(null, "unreachable");
    }

    /** A block label line. */
    public static BodyLine label(String name) {
        return BodyLine.label(name);
    }
}
