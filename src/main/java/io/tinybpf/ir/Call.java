package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * View of a {@code call} instruction:
 * {@code [%r =] [tail] call [cconv] [ret attrs] <ty> <callee>(<args>) [fn attrs] [, !k !N]...}.
 * The callee is a global ({@code @f}), a local ({@code %fp}), a constant expression
 * ({@code inttoptr (i64 1 to ptr)}) or inline {@code asm}.
 */
public final class Call {
    private final BodyLine line;
    private final int callIdx;
    private final int calleeStart;
    private final int calleeEnd;
    private final int argsOpen;
    private final int argsClose;

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

    /** Name of a direct callee ({@code @f} gives {@code f}), or null for indirect/asm/constant-expression calls. */
    public String calleeName() {
        Tokens t = line.tokens();
        return t.kind(calleeStart) == Tok.GLOBAL && calleeEnd == calleeStart + 1 ? t.identName(calleeStart) : null;
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
     * The bare return type: the last type expression before the callee (a function type such as
     * {@code i32 (ptr, ...)} yields {@code i32}).
     */
    public String returnType() {
        Tokens t = line.tokens();
        int end = calleeStart;
        // Skip a vararg function type "(args)" right before the callee.
        if (t.isPunct(end - 1, ')')) {
            for (int i = callIdx + 1; i < end; i++) {
                if (t.isPunct(i, '(') && t.matching(i) == end - 1 && i > callIdx + 1) {
                    end = i;
                    break;
                }
            }
        }
        int start = end - 1;
        if (t.isPunct(start, '}') || t.isPunct(start, ']') || t.isPunct(start, '>')) {
            int depth = 0;
            for (int i = start; i > callIdx; i--) {
                if (t.kind(i) != Tok.PUNCT) continue;
                char ch = t.source().charAt(t.start(i));
                if (ch == '}' || ch == ']' || ch == '>') depth++;
                else if (ch == '{' || ch == '[' || ch == '<') {
                    depth--;
                    if (depth == 0) {
                        start = i;
                        break;
                    }
                }
            }
        }
        return t.span(start, end);
    }

    /** The argument texts, split at top-level commas. */
    public List<String> args() {
        Tokens t = line.tokens();
        List<String> out = new ArrayList<>();
        int[] parts = t.splitTopLevel(argsOpen + 1, argsClose);
        for (int k = 0; k < parts.length; k += 2) {
            if (parts[k] < parts[k + 1]) out.add(t.span(parts[k], parts[k + 1]));
        }
        return out;
    }

    /** The value of argument i (its last token: {@code ptr nonnull %x} gives {@code %x}). */
    public static String argValue(String arg) {
        Tokens t = Tokens.of(arg);
        if (t.size() == 0) return "";
        int last = t.size() - 1;
        // a constant expression ends with ')': take "inttoptr (...)" as the value
        if (t.isPunct(last, ')')) {
            for (int i = 0; i < last; i++) {
                if (t.kind(i) == Tok.WORD && t.isPunct(i + 1, '(') && t.matching(i + 1) == last) return t.span(i, last + 1);
            }
        }
        return t.text(last);
    }

    /**
     * Rewrites the call. Any of the parameters may be null to keep the current text.
     *
     * @param callee        new callee text ({@code inttoptr (i64 1 to ptr)} or {@code @f})
     * @param args          new argument list
     * @param keepFnAttrs   false drops call-site attribute group references ({@code #7})
     */
    public void rewrite(String callee, List<String> args, boolean keepFnAttrs) {
        Tokens t = line.tokens();
        Edit e = t.edit();
        if (callee != null) e.replace(calleeStart, calleeEnd, callee);
        if (args != null) {
            String joined = String.join(", ", args);
            if (argsClose > argsOpen + 1) e.replace(argsOpen + 1, argsClose, joined);
            else e.insertAfter(argsOpen, joined);
        }
        if (!keepFnAttrs) {
            for (int i = argsClose + 1; i < t.size(); i++) {
                if (t.kind(i) == Tok.ATTR_ID) e.remove(i, i + 1);
            }
        }
        line.apply(e);
    }
}
