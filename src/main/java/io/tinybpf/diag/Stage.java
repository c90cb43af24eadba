package io.tinybpf.diag;

/** Pipeline stage identifiers; every diagnostic names one (the spelling is the user-visible contract). */
public enum Stage {
    CONFIG("config"),
    DISCOVER_TOOLS("discover-tools"),
    TINYGO_COMPILE("tinygo-compile"),
    INPUT_NORMALIZATION("input-normalization"),
    LLVM_LINK("llvm-link"),
    TRANSFORM("transform"),
    OPT("opt"),
    LLC("llc"),
    ELF_VALIDATE("elf-validate"),
    FINALIZE("finalize"),
    KERNEL_LOAD("kernel-load"),
    KERNEL_VERIFY("kernel-verify"),
    CACHE("cache"),
    GENERATE("generate"),
    INIT("init");

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
