package io.tinybpf.elf;

import java.nio.ByteOrder;

/**
 * The ELF file header ({@code Elf32_Ehdr}/{@code Elf64_Ehdr}). {@code shnum} and {@code shstrndx}
 * are the effective values (resolved through section 0 for files with 0xff00 or more sections).
 */
public record ElfHeader(int elfClass, int dataEncoding, int osAbi, int type, int machine, long version, long entry,
                        long phoff, long shoff, int flags, int ehsize, int phentsize, int phnum, int shentsize,
                        int shnum, int shstrndx) {
    public static final int ELFCLASS32 = 1, ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1, ELFDATA2MSB = 2;
    public static final int ET_NONE = 0, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
    public static final int EM_386 = 3, EM_ARM = 40, EM_X86_64 = 62, EM_AARCH64 = 183, EM_RISCV = 243, EM_BPF = 247;

    public boolean is64() {
        return elfClass == ELFCLASS64;
    }

    public boolean isLittleEndian() {
        return dataEncoding == ELFDATA2LSB;
    }

    public ByteOrder byteOrder() {
        return isLittleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    public String className() {
        return elfClass == ELFCLASS64 ? "ELFCLASS64" : "ELFCLASS32";
    }

    public String typeName() {
        return switch (type) {
            case ET_NONE -> "ET_NONE";
            case ET_REL -> "ET_REL (relocatable)";
            case ET_EXEC -> "ET_EXEC (executable)";
            case ET_DYN -> "ET_DYN (shared object)";
            case ET_CORE -> "ET_CORE (core dump)";
            default -> "type " + type;
        };
    }

    public String machineName() {
        return machineName(machine);
    }

    public static String machineName(int machine) {
        return switch (machine) {
            case 0 -> "EM_NONE (0)";
            case EM_386 -> "EM_386 (3)";
            case 8 -> "EM_MIPS (8)";
            case 21 -> "EM_PPC64 (21)";
            case 22 -> "EM_S390 (22)";
            case EM_ARM -> "EM_ARM (40)";
            case EM_X86_64 -> "EM_X86_64 (62)";
            case EM_AARCH64 -> "EM_AARCH64 (183)";
            case EM_RISCV -> "EM_RISCV (243)";
            case EM_BPF -> "EM_BPF (247)";
            case 258 -> "EM_LOONGARCH (258)";
            default -> "machine " + machine;
        };
    }
}
