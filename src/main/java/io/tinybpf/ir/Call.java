package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * View of a {@code call} instruction:
 * {@code [%r =] [tail] call [cconv] [ret attrs] <ty> <callee>(<args>) [fn attrs] [, !k !N]...}.
 * The callee is a global ({@code @f}), a local ({@code %fp}), a constant expression
 * ({@code inttoptr (i64 1 to ptr)}) or inline {@code asm}.
 */
public final class Call implements Inst {
    private final BodyLine line;
    private final int callIdx;
    private final int calleeStart;
    private final int calleeEnd;
    private final int argsOpen;
    private final int argsClose;
    /** The direct callee's name, read on first use ("" for none): every pass asks every call. */
    private String callee;

    private Call(BodyLine line, int callIdx, int calleeStart, int calleeEnd, int argsOpen, int argsClose) {
        this.line = line;
        this.callIdx = callIdx;
        this.calleeStart = calleeStart;
        this.calleeEnd = calleeEnd;
        this.argsOpen = argsOpen;
        this.argsClose = argsClose;
    }

    static Call parse(BodyLine line) {
        Tokens t = line.tokens();
        int c = line.opcodeIndex();
        for (int i = c + 1; i < t.size(); i++) {
            byte k = t.kind(i);
            if ((k == Tok.GLOBAL || k == Tok.LOCAL) && t.isPunct(i + 1, '(')) {
                int close = t.matching(i + 1);
                return close < 0 ? null : new Call(line, c, i, i + 1, i + 1, close);
            }
            if (k == Tok.WORD && t.isPunct(i + 1, '(') && isConstExprOp(t.text(i))) {
                int exprClose = t.matching(i + 1);
                if (exprClose > 0 && t.isPunct(exprClose + 1, '(')) {
                    int close = t.matching(exprClose + 1);
                    return close < 0 ? null : new Call(line, c, i, exprClose + 1, exprClose + 1, close);
                }
            }
            if (t.is(i, "asm")) {
                // inline asm: callee runs up to the argument list after the constraint string.
                for (int j = i + 1; j < t.size(); j++) {
                    if (t.isPunct(j, '(') && t.kind(j - 1) == Tok.STRING) {
                        int close = t.matching(j);
                        return close < 0 ? null : new Call(line, c, i, j, j, close);
                    }
                }
                return null;
            }
            if (t.isPunct(i, '(') || t.isPunct(i, '[') || t.isPunct(i, '{') || t.isPunct(i, '<')) {
                // part of the return type or of an attribute: skip the group
                int close = t.matching(i);
                if (close < 0) return null;
                i = close;
            }
        }
        return null;
    }

    private static boolean isConstExprOp(String w) {
        return switch (w) {
            case "inttoptr", "bitcast", "addrspacecast", "getelementptr", "ptrtoint" -> true;
            default -> false;
        };
    }

    @Override
    public BodyLine line() {
        return line;
    }

    /** Name of a direct callee ({@code @f} gives {@code f}), or null for indirect/asm/constant-expression calls. */
    public String calleeName() {
        String n = callee;
        if (n == null) {
            Tokens t = line.tokens();
            n = t.kind(calleeStart) == Tok.GLOBAL && calleeEnd == calleeStart + 1 ? t.identName(calleeStart) : "";
            callee = n;
        }
        return n.isEmpty() ? null : n;
    }

    /** The callee as written. */
    public String calleeText() {
        return line.tokens().span(calleeStart, calleeEnd);
    }

    /** Return type, together with any calling convention and return attributes before it. */
    public String returnTypeText() {
        return line.tokens().span(callIdx + 1, calleeStart);
    }

    /**
     * The return type: the last type before the callee; a function type written there
     * ({@code i32 (ptr, ...)}) gives its return type.
     */
    public Type returnType() {
        Type ft = writtenType();
        return ft instanceof Type.Func f ? f.ret() : ft;
    }

    /** The type written before the callee (a return type or a function type). */
    private Type writtenType() {
        int i = writtenTypeStart();
        return i < 0 ? Type.VOID : Type.parse(line.tokens(), i).type();
    }

    /** The type is the longest suffix of the tokens between {@code call} and the callee that parses as one type. */
    private int writtenTypeStart() {
        Tokens t = line.tokens();
        for (int i = callIdx + 1; i < calleeStart; i++) {
            Type.Parsed p = Type.parse(t, i);
            if (p != null && p.end() == calleeStart) return i;
        }
        return -1;
    }

    /** The calling convention ({@code fastcc}, {@code cc 10}), or null for the default. */
    public String callingConvention() {
        for (String a : returnAttributes()) {
            if (a.equals("fastcc") || a.equals("coldcc") || a.equals("ccc") || a.startsWith("cc ") || (a.endsWith("cc") && !a.contains("("))) return a;
        }
        return null;
    }

    /** Calling convention and return attributes before the return type ({@code align 4}, {@code noundef}, {@code fastcc}). */
    public List<String> returnAttributes() {
        int end = writtenTypeStart();
        return Operand.attributes(line.tokens(), callIdx + 1, end < 0 ? calleeStart : end);
    }

    /** The callee: a global, a local (indirect call), {@code inttoptr (i64 N to ptr)}, or inline asm text. */
    public Value callee() {
        return Value.parse(line.tokens(), calleeStart, calleeEnd);
    }

    public boolean isInlineAsm() {
        return line.tokens().is(calleeStart, "asm");
    }

    /** The arguments with their types and attributes. */
    public List<Operand> arguments() {
        Tokens t = line.tokens();
        List<Operand> out = new ArrayList<>();
        int[] parts = t.splitTopLevel(argsOpen + 1, argsClose);
        for (int k = 0; k < parts.length; k += 2) {
            if (parts[k] >= parts[k + 1]) continue;
            Operand o = Operand.parse(t, parts[k], parts[k + 1]);
            out.add(o != null ? o : new Operand(new Type.Other(t.span(parts[k], parts[k + 1])), List.of(), null));
        }
        return out;
    }

    /** Replaces the callee. */
    public void setCallee(Value callee) {
        line.apply(line.tokens().edit().replace(calleeStart, calleeEnd, callee.toString()));
    }

    /** Replaces the argument list; call-site attribute groups ({@code #7}) are kept. */
    public void setArguments(List<Operand> args) {
        Tokens t = line.tokens();
        StringBuilder joined = new StringBuilder();
        for (Operand a : args) joined.append(joined.isEmpty() ? "" : ", ").append(a);
        Edit e = t.edit();
        if (argsClose > argsOpen + 1) e.replace(argsOpen + 1, argsClose, joined.toString());
        else e.insertAfter(argsOpen, joined.toString());
        line.apply(e);
    }

    /** Replaces callee and arguments in one edit. */
    public void setCalleeAndArguments(Value callee, List<Operand> args) {
        Tokens t = line.tokens();
        StringBuilder joined = new StringBuilder();
        for (Operand a : args) joined.append(joined.isEmpty() ? "" : ", ").append(a);
        Edit e = t.edit().replace(calleeStart, calleeEnd, callee.toString());
        if (argsClose > argsOpen + 1) e.replace(argsOpen + 1, argsClose, joined.toString());
        else e.insertAfter(argsOpen, joined.toString());
        line.apply(e);
    }

}
