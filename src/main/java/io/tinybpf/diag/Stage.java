package io.tinybpf.diag;

/** Pipeline stage identifiers; every diagnostic names one (the spelling is the user-visible contract). */
public enum Stage {
    CONFIG("config"),
    /** Build-time check that the sections' attach targets exist in the build machine's kernel (warnings only). */
    KERNEL_TARGETS("kernel-targets"),
    DISCOVER_TOOLS("discover-tools"),
    TINYGO_COMPILE("tinygo-compile"),
    INPUT_NORMALIZATION("input-normalization"),
    LLVM_LINK("llvm-link"),
    TRANSFORM("transform"),
    OPT("opt"),
    /** Checks of opt's output (reachable panics, wide arithmetic); its errors are reported as {@link #OPT}'s. */
    POST_OPT("post-opt"),
    LLC("llc"),
    ELF_VALIDATE("elf-validate"),
    FINALIZE("finalize"),
    KERNEL_LOAD("kernel-load"),
    KERNEL_VERIFY("kernel-verify"),
    CACHE("cache"),
    /** The digest of a package's sources that keys the build cache; its errors are {@link #CACHE}'s. */
    HASH_SOURCES("hash-sources"),
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
