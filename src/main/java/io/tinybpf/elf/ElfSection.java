package io.tinybpf.elf;

import java.nio.ByteBuffer;

/**
 * One section header plus a read-only view of its contents (empty for {@code SHT_NOBITS}).
 * {@link #contents()} hands out a fresh buffer each call, positioned at 0, in the file's byte order.
 */
public record ElfSection(int index, String name, int type, long flags, long addr, long offset, long size, int link,
                         int info, long addralign, long entsize, ByteBuffer contents) {
    public static final int SHT_NULL = 0, SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_RELA = 4,
            SHT_HASH = 5, SHT_DYNAMIC = 6, SHT_NOTE = 7, SHT_NOBITS = 8, SHT_REL = 9, SHT_DYNSYM = 11,
            SHT_GROUP = 17, SHT_SYMTAB_SHNDX = 18, SHT_LLVM_ADDRSIG = 0x6fff4c03;
    public static final long SHF_WRITE = 0x1, SHF_ALLOC = 0x2, SHF_EXECINSTR = 0x4, SHF_INFO_LINK = 0x40;

    @Override
    public ByteBuffer contents() {
        return contents.duplicate().order(contents.order()); // duplicate() alone would reset the order
    }

    /** A copy of the contents. */
    public byte[] bytes() {
        byte[] b = new byte[contents.remaining()];
        contents.duplicate().get(b);
        return b;
    }

    public boolean isExecutable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    public boolean isAlloc() {
        return (flags & SHF_ALLOC) != 0;
    }

    public boolean isRelocation() {
        return type == SHT_REL || type == SHT_RELA;
    }

    public String typeName() {
        return switch (type) {
            case SHT_NULL -> "NULL";
            case SHT_PROGBITS -> "PROGBITS";
            case SHT_SYMTAB -> "SYMTAB";
            case SHT_STRTAB -> "STRTAB";
            case SHT_RELA -> "RELA";
            case SHT_HASH -> "HASH";
            case SHT_DYNAMIC -> "DYNAMIC";
            case SHT_NOTE -> "NOTE";
            case SHT_NOBITS -> "NOBITS";
            case SHT_REL -> "REL";
            case SHT_DYNSYM -> "DYNSYM";
            case SHT_GROUP -> "GROUP";
            case SHT_SYMTAB_SHNDX -> "SYMTAB_SHNDX";
            case SHT_LLVM_ADDRSIG -> "LLVM_ADDRSIG";
            default -> String.format("0x%x", type);
        };
    }

    @Override
    public String toString() {
        return String.format("[%d] %s %s flags=0x%x off=0x%x size=%d link=%d info=%d align=%d entsize=%d",
                index, name, typeName(), flags, offset, size, link, info, addralign, entsize);
    }
}
