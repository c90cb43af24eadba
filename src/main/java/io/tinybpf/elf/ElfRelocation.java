package io.tinybpf.elf;

/**
 * One REL or RELA entry.
 *
 * @param offset    where it applies, relative to the start of the target section
 * @param type      machine-specific relocation type ({@code R_BPF_*} for BPF objects)
 * @param symbol    the referenced symbol (index 0 is the null symbol)
 * @param addend    explicit addend (RELA) or 0 (REL)
 * @param hasAddend whether the entry came from a RELA section
 */
public record ElfRelocation(long offset, int type, ElfSymbol symbol, long addend, boolean hasAddend) {
    public static final int R_BPF_NONE = 0, R_BPF_64_64 = 1, R_BPF_64_ABS64 = 2, R_BPF_64_ABS32 = 3,
            R_BPF_64_NODYLD32 = 4, R_BPF_64_32 = 10;

    /** The BPF relocation type's name as llvm-readelf prints it. */
    public String bpfTypeName() {
        return switch (type) {
            case R_BPF_NONE -> "R_BPF_NONE";
            case R_BPF_64_64 -> "R_BPF_64_64";
            case R_BPF_64_ABS64 -> "R_BPF_64_ABS64";
            case R_BPF_64_ABS32 -> "R_BPF_64_ABS32";
            case R_BPF_64_NODYLD32 -> "R_BPF_64_NODYLD32";
            case R_BPF_64_32 -> "R_BPF_64_32";
            default -> "R_BPF_" + type;
        };
    }

    @Override
    public String toString() {
        return String.format("0x%x type=%d %s%s", offset, type, symbol.name(), hasAddend ? " + " + addend : "");
    }
}
