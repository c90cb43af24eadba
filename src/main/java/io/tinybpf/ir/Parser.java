package io.tinybpf.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits LLVM assembly into entities and function bodies into lines. Only structure is parsed
 * here (which text belongs to which entity); operands are lexed lazily when a pass asks.
 * Logical lines end at a newline outside brackets, so multi-line constructs stay whole.
 */
final class Parser {
    private final String src;
    private int pos;
    private int lineNo = 1;

    private Parser(String src) {
        this.src = src;
    }

    static List<Entity> parse(String src) throws IrParseException {
        return new Parser(src).entities();
    }

    /** One physical line: [start, end) without terminator, nl = terminator. */
    private int lineStart, lineEnd;
    private String lineNl;

    private boolean nextPhysical() {
        if (pos >= src.length()) return false;
        lineStart = pos;
        int nlAt = src.indexOf('\n', pos);
        if (nlAt < 0) {
            lineEnd = src.length();
            lineNl = "";
            pos = src.length();
        } else {
            lineEnd = nlAt > pos && src.charAt(nlAt - 1) == '\r' ? nlAt - 1 : nlAt;
            lineNl = lineEnd == nlAt ? "\n" : "\r\n"; // shared constants, not a String per line
            pos = nlAt + 1;
        }
        return true;
    }

    /** Bracket depth change over [from, to), ignoring strings and comments. */
    private int depthDelta(int from, int to) {
        int d = 0;
        for (int i = from; i < to; i++) {
            char c = src.charAt(i);
            switch (c) {
                case '"' -> {
                    int q = src.indexOf('"', i + 1);
                    i = q < 0 || q >= to ? to : q;
                }
                case ';' -> i = to;
                case '(', '[', '{' -> d++;
                case ')', ']', '}' -> d--;
                default -> {}
            }
        }
        return d;
    }

    private int firstNonSpace(int from, int to) {
        int i = from;
        while (i < to && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) i++;
        return i;
    }

    private List<Entity> entities() throws IrParseException {
        List<Entity> out = new ArrayList<>();
        while (nextPhysical()) {
            int startLine = lineNo;
            int s = firstNonSpace(lineStart, lineEnd);
            if (s == lineEnd || src.charAt(s) == ';') {
                out.add(new Trivia(src.substring(lineStart, lineEnd), lineNl));
                lineNo++;
                continue;
            }
            if (src.startsWith("define", s) && isWordEnd(s + 6)) {
                out.add(function(startLine));
                continue;
            }
            // A logical top-level line: continue while brackets are open.
            int from = lineStart;
            int depth = depthDelta(lineStart, lineEnd);
            String nl = lineNl;
            int end = lineEnd;
            lineNo++;
            while (depth > 0 && nextPhysical()) {
                depth += depthDelta(lineStart, lineEnd);
                end = lineEnd;
                nl = lineNl;
                lineNo++;
            }
            out.add(classify(src.substring(from, end), nl, s - from, startLine));
        }
        return out;
    }

    private boolean isWordEnd(int i) {
        return i >= src.length() || !Lexer.isIdentChar(src.charAt(i));
    }

    private static Entity classify(String text, String nl, int indent, int line) throws IrParseException {
        String t = text.substring(indent);
        if (t.startsWith("source_filename")) return new HeaderLine(HeaderLine.Kind.SOURCE_FILENAME, text, nl);
        if (t.startsWith("target datalayout")) return new HeaderLine(HeaderLine.Kind.DATALAYOUT, text, nl);
        if (t.startsWith("target triple")) return new HeaderLine(HeaderLine.Kind.TRIPLE, text, nl);
        if (t.startsWith("declare") && (t.length() == 7 || !Lexer.isIdentChar(t.charAt(7)))) {
            return new Function(text, nl, true, new ArrayList<>(), null);
        }
        if (t.startsWith("attributes")) return new AttributeGroup(text, nl);
        char c = t.charAt(0);
        if (c == '%') {
            Tokens k = Lexer.lex(text);
            if (k.isPunct(1, '=') && k.is(2, "type")) return new TypeDef(text, nl);
            throw new IrParseException(line, "expected a type definition '%name = type ...': " + abbreviate(t));
        }
        if (c == '@') {
            Tokens k = Lexer.lex(text);
            if (!k.isPunct(1, '=')) throw new IrParseException(line, "expected '=' after global name: " + abbreviate(t));
            for (int i = 2; i < k.size(); i++) {
                if (k.is(i, "alias") || k.is(i, "ifunc")) return new Alias(text, nl);
                if (k.is(i, "global") || k.is(i, "constant")) return new GlobalVar(text, nl);
                if (k.isPunct(i, '(')) i = Math.max(i, k.matching(i));
            }
            throw new IrParseException(line, "expected 'global', 'constant', 'alias' or 'ifunc': " + abbreviate(t));
        }
        if (c == '!') {
            if (t.length() > 1 && Lexer.isDigit(t.charAt(1))) return new MetadataDef(text, nl);
            return new NamedMetadata(text, nl);
        }
        if (c == '$' || c == '^' || t.startsWith("module") || t.startsWith("uselistorder")) {
            return new OtherEntity(text, nl);
        }
        throw new IrParseException(line, "not LLVM assembly: " + abbreviate(t));
    }

    static String abbreviate(String s) {
        s = s.strip();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** A define: header up to the body's '{', body lines, closing '}'. */
    private Function function(int startLine) throws IrParseException {
        int hFrom = lineStart;
        int depth = depthDelta(lineStart, lineEnd);
        int hEnd = lineEnd;
        String hNl = lineNl;
        lineNo++;
        if (depth == 0 && src.substring(lineStart, lineEnd).indexOf('{') >= 0 && !endsWithBrace(lineStart, lineEnd)) {
            throw new IrParseException(startLine, "function body must start on a new line after '{'");
        }
        while (depth == 0 || (depth > 0 && !endsWithBrace(lineStart, lineEnd))) {
            if (!nextPhysical()) throw new IrParseException(startLine, "function header without body '{'");
            depth += depthDelta(lineStart, lineEnd);
            hEnd = lineEnd;
            hNl = lineNl;
            lineNo++;
        }
        if (depth != 1) throw new IrParseException(startLine, "function body must start on a new line after '{'");
        String header = src.substring(hFrom, hEnd);

        List<Function.Block> blocks = new ArrayList<>();
        List<BodyLine> current = new ArrayList<>();
        BodyLine label = null;
        BodyLine closing = null;
        while (nextPhysical()) {
            int ls = lineNo;
            int s = firstNonSpace(lineStart, lineEnd);
            int from = lineStart;
            int d = depthDelta(lineStart, lineEnd);
            if (d < 0 && s < lineEnd && src.charAt(s) == '}') {
                closing = new BodyLine(BodyLine.Kind.TRIVIA, src.substring(lineStart, lineEnd), lineNl);
                lineNo++;
                break;
            }
            int end = lineEnd;
            String nl = lineNl;
            lineNo++;
            while (d > 0 && nextPhysical()) {
                d += depthDelta(lineStart, lineEnd);
                end = lineEnd;
                nl = lineNl;
                lineNo++;
            }
            if (d < 0) throw new IrParseException(ls, "unbalanced brackets in function body: " + abbreviate(src.substring(from, end)));
            String text = src.substring(from, end);
            BodyLine.Kind kind = lineKind(s, end);
            if (kind == BodyLine.Kind.LABEL) {
                if (label != null || !current.isEmpty()) blocks.add(new Function.Block(label, current));
                label = new BodyLine(kind, text, nl);
                current = new ArrayList<>();
            } else if (kind == BodyLine.Kind.INSTRUCTION && !current.isEmpty() && current.getLast().kind() == BodyLine.Kind.INSTRUCTION
                    && (isClauseContinuation(s) || !startsInstruction(s, end))) {
                // landingpad clauses and invoke's "to label ..." are printed on their own lines but belong to the
                // instruction; and LLVM reads a newline as any other space, so "load i8,\n ptr %p" is one load
                BodyLine prev = current.removeLast();
                current.add(new BodyLine(prev.kind(), prev.text() + prev.newline() + text, nl));
            } else {
                current.add(new BodyLine(kind, text, nl));
            }
        }
        if (closing == null) throw new IrParseException(startLine, "function body is not closed by '}'");
        if (label != null || !current.isEmpty()) blocks.add(new Function.Block(label, current));
        return new Function(header, hNl, false, blocks, closing);
    }

    private boolean endsWithBrace(int from, int to) {
        int i = to - 1;
        // ignore a trailing comment
        int semi = -1;
        boolean inStr = false;
        for (int k = from; k < to; k++) {
            char c = src.charAt(k);
            if (c == '"') inStr = !inStr;
            else if (c == ';' && !inStr) {
                semi = k;
                break;
            }
        }
        if (semi >= 0) i = semi - 1;
        while (i >= from && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) i--;
        return i >= from && src.charAt(i) == '{';
    }

    private BodyLine.Kind lineKind(int s, int end) {
        if (s >= end || src.charAt(s) == ';') return BodyLine.Kind.TRIVIA;
        if (src.startsWith("#dbg_", s)) return BodyLine.Kind.DEBUG_RECORD;
        // A label is the first token ending in ':' ("entry:", "\"a b\":", "42:").
        int i = s;
        if (src.charAt(i) == '"') {
            int q = src.indexOf('"', i + 1);
            if (q > 0 && q + 1 < src.length() && src.charAt(q + 1) == ':') return BodyLine.Kind.LABEL;
            return BodyLine.Kind.INSTRUCTION;
        }
        while (i < end && Lexer.isIdentChar(src.charAt(i))) i++;
        if (i > s && i < end && src.charAt(i) == ':') return BodyLine.Kind.LABEL;
        return BodyLine.Kind.INSTRUCTION;
    }

    /**
     * Whether a physical line starts an instruction: a result assignment ({@code %x = ...}) or an
     * opcode (instructions without a result: {@code store}, {@code call}, {@code br}, ...). A line
     * starting with anything else (a type, an operand, a comma) continues the one before.
     */
    private boolean startsInstruction(int s, int end) {
        char c = src.charAt(s);
        int i = s;
        if (c == '%' || c == '@') {
            i++;
            if (i < end && src.charAt(i) == '"') {
                int q = src.indexOf('"', i + 1);
                if (q < 0 || q >= end) return false;
                i = q + 1;
            } else {
                while (i < end && Lexer.isIdentChar(src.charAt(i))) i++;
            }
            while (i < end && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) i++;
            return i < end && src.charAt(i) == '=';
        }
        while (i < end && (Character.isLetter(src.charAt(i)) || src.charAt(i) == '_')) i++;
        return OPCODES.contains(src.substring(s, i));
    }

    /** The words an instruction line can start with when it has no result assignment (LLVM's opcodes, call's prefixes). */
    private static final java.util.Set<String> OPCODES = java.util.Set.of(
            "ret", "br", "switch", "indirectbr", "invoke", "callbr", "resume", "catchswitch", "catchret", "cleanupret",
            "unreachable", "fneg", "add", "fadd", "sub", "fsub", "mul", "fmul", "udiv", "sdiv", "fdiv", "urem", "srem", "frem",
            "shl", "lshr", "ashr", "and", "or", "xor", "extractelement", "insertelement", "shufflevector", "extractvalue",
            "insertvalue", "alloca", "load", "store", "fence", "cmpxchg", "atomicrmw", "getelementptr", "trunc", "zext", "sext",
            "fptrunc", "fpext", "fptoui", "fptosi", "uitofp", "sitofp", "ptrtoint", "ptrtoaddr", "inttoptr", "bitcast",
            "addrspacecast", "icmp", "fcmp", "phi", "select", "freeze", "call", "tail", "musttail", "notail", "va_arg",
            "landingpad", "catchpad", "cleanuppad", "uselistorder", "uselistorder_bb");

    private boolean isClauseContinuation(int s) {
        return src.startsWith("catch ", s) || src.startsWith("cleanup", s) || src.startsWith("filter ", s);
    }
}
