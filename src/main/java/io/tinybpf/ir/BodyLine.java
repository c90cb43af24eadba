package io.tinybpf.ir;

/**
 * One logical line of a function body: a block label, an instruction, a debug record, or
 * trivia (blank/comment). A logical line may span physical lines (a multi-line {@code switch}).
 */
public final class BodyLine extends Node {
    public enum Kind { LABEL, INSTRUCTION, DEBUG_RECORD, TRIVIA }

    private Kind kind;
    /** The typed view, built on first use: passes ask every line for it, each pass anew. */
    private Inst view;
    /** An instruction's opcode (shared strings for LLVM's opcodes) or a label's name, read once per text. */
    private String word;

    BodyLine(Kind kind, String text, String newline) {
        super(text, newline);
        this.kind = kind;
    }

    /** Parses one instruction (or debug record) written without indentation; indents it ({@link Build} makes them). */
    static BodyLine instruction(String text) {
        String t = text.strip();
        boolean record = t.startsWith("#dbg_");
        return new BodyLine(record ? Kind.DEBUG_RECORD : Kind.INSTRUCTION, (record ? "    " : "  ") + t, "\n");
    }

    static BodyLine label(String name) {
        return new BodyLine(Kind.LABEL, Names.quoteIfNeeded(name) + ":", "\n");
    }

    public Kind kind() {
        return kind;
    }

    public boolean isInstruction() {
        return kind == Kind.INSTRUCTION;
    }

    @Override
    void textChanged() {
        view = null;
        word = null;
        String t = text().strip();
        if (t.isEmpty() || t.startsWith(";")) kind = Kind.TRIVIA;
        else if (t.startsWith("#dbg_")) kind = Kind.DEBUG_RECORD;
        else if (kind == Kind.TRIVIA) kind = Kind.INSTRUCTION;
    }

    /** Label name for a {@link Kind#LABEL} line (without the colon). */
    public String labelName() {
        String n = kind == Kind.LABEL ? word : null;
        if (n == null) {
            Tokens t = tokens();
            String s = t.text(0);
            s = s.substring(0, s.length() - 1);
            n = s.startsWith("\"") ? Names.unquote(s, 0, s.length()) : s;
            if (kind == Kind.LABEL) word = n;
        }
        return n;
    }

    /** SSA result name ({@code %x = ...}) without {@code %}, or null. */
    public String result() {
        if (kind != Kind.INSTRUCTION) return null; // labels, records and comments define nothing (and need no lexing)
        Tokens t = tokens();
        return definesResult(t) ? t.identName(0) : null;
    }

    /** Whether the tokens start with {@code %x =}. */
    private static boolean definesResult(Tokens t) {
        return t.size() > 1 && t.kind(0) == Tok.LOCAL && t.isPunct(1, '=');
    }

    /** Index of the opcode token, after {@code %x =} and {@code tail}/{@code musttail}/{@code notail}. */
    public int opcodeIndex() {
        Tokens t = tokens();
        int i = definesResult(t) ? 2 : 0;
        while (i < t.size() && (t.is(i, "tail") || t.is(i, "musttail") || t.is(i, "notail"))) i++;
        return i;
    }

    /** The instruction's opcode ({@code call}, {@code load}, {@code getelementptr}...), or "" for non-instructions. */
    public String opcode() {
        if (kind != Kind.INSTRUCTION) return "";
        String op = word;
        if (op == null) {
            int i = opcodeIndex();
            Tokens t = tokens();
            op = i < t.size() ? t.text(i) : "";
            word = op = OPCODES.getOrDefault(op, op);
        }
        return op;
    }

    /** LLVM's opcodes, so each line holds the shared string instead of its own copy (read-only after class init). */
    private static final java.util.Map<String, String> OPCODES = new java.util.HashMap<>();

    static {
        for (String op : new String[] {"ret", "br", "switch", "indirectbr", "invoke", "resume", "unreachable", "callbr",
            "fneg", "add", "fadd", "sub", "fsub", "mul", "fmul", "udiv", "sdiv", "fdiv", "urem", "srem", "frem", "shl", "lshr",
            "ashr", "and", "or", "xor", "extractelement", "insertelement", "shufflevector", "extractvalue", "insertvalue",
            "alloca", "load", "store", "fence", "cmpxchg", "atomicrmw", "getelementptr", "trunc", "zext", "sext", "fptrunc",
            "fpext", "fptoui", "fptosi", "uitofp", "sitofp", "ptrtoint", "inttoptr", "bitcast", "addrspacecast", "icmp",
            "fcmp", "phi", "select", "freeze", "call", "va_arg", "landingpad", "catchpad", "cleanuppad"}) {
            OPCODES.put(op, op);
        }
    }

    /** The typed view of this instruction, or null when the line is not one. */
    public Inst inst() {
        Inst v = view;
        if (v == null && kind == Kind.INSTRUCTION) view = v = Inst.of(this);
        return v;
    }

    /** Replaces this instruction by a built one, keeping the line's place in its block. */
    public void become(Build.NewInst replacement) {
        setText(replacement.line().text());
    }

    /** A call view, or null when this is not a call instruction. */
    public Call call() {
        return inst() instanceof Call c ? c : null;
    }

    /** Metadata attachment {@code !key !N} on this instruction, or -1. */
    public int attachment(String key) {
        return Attachments.find(tokens(), 0, key);
    }

    /** Sets or adds the attachment {@code !key !id}. */
    public void setAttachment(String key, int id) {
        Tokens t = tokens();
        int at = Attachments.index(t, 0, key);
        if (at >= 0) apply(t.edit().replace(at + 1, "!" + id));
        else apply(t.edit().insertAfter(t.size() - 1, ", !" + key + " !" + id));
    }

    /** Replaces every {@code %old} operand with {@code replacement} ({@code %x}, {@code null}...). */
    public void replaceLocal(String old, Value replacement) {
        Tokens t = tokens();
        Edit e = t.edit();
        for (int i = 0; i < t.size(); i++) {
            if (t.kind(i) == Tok.LOCAL && t.identName(i).equals(old)) {
                if (i == 0 && definesResult(t)) continue;
                e.replace(i, replacement.toString());
            }
        }
        apply(e);
    }

    /** Names of {@code %locals} this line reads (its own result excluded). */
    public java.util.List<String> localOperands() {
        Tokens t = tokens();
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (t.kind(i) == Tok.LOCAL && !(i == 0 && definesResult(t))) out.add(t.identName(i));
        }
        return out;
    }
}
