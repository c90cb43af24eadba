package io.tinybpf.toolchain;

/** External tools tinybpf drives. */
public enum Tool {
    TINYGO("tinygo", "--tinygo", "compiles Go to LLVM IR (tinybpf build)"),
    LLVM_LINK("llvm-link", "--llvm-link", "links several IR modules"),
    OPT("opt", "--opt", "optimizes the transformed IR"),
    LLC("llc", "--llc", "generates BPF code, BTF and line info"),
    LLVM_AR("llvm-ar", "--llvm-ar", "reads .a inputs"),
    LLVM_OBJCOPY("llvm-objcopy", "--llvm-objcopy", "extracts bitcode from .o inputs");

    private final String command;
    private final String flag;
    private final String purpose;

    Tool(String command, String flag, String purpose) {
        this.command = command;
        this.flag = flag;
        this.purpose = purpose;
    }

    /** Plain command name ({@code llc}). */
    public String command() {
        return command;
    }

    /** The CLI override flag ({@code --llc}). */
    public String flag() {
        return flag;
    }

    public String purpose() {
        return purpose;
    }

    public boolean isLlvm() {
        return this != TINYGO;
    }
}
