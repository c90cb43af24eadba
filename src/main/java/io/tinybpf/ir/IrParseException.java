package io.tinybpf.ir;

/** Input that is not LLVM assembly the parser can split into entities. */
public final class IrParseException extends Exception {
    private final int line;

    public IrParseException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** 1-based line of the input where the problem starts. */
    public int line() {
        return line;
    }
}
