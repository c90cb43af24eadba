package io.tinybpf.elf;

/**
 * One symbol table entry.
 *
 * @param index       index in its symbol table
 * @param shndx       raw section index (0 = undefined, 0xfff1 = absolute, 0xfff2 = common), after
 *                    resolving {@code SHN_XINDEX} through {@code SHT_SYMTAB_SHNDX}
 * @param sectionName the defining section's name, or {@code UNDEF}, {@code ABS}, {@code COMMON},
 *                    {@code RESERVED(0x..)} for other reserved indices
 */
public record ElfSymbol(int index, String name, long value, long size, Bind bind, Type type, Visibility visibility,
                        int shndx, String sectionName) {
    public static final int SHN_UNDEF = 0, SHN_LORESERVE = 0xff00, SHN_ABS = 0xfff1, SHN_COMMON = 0xfff2,
            SHN_XINDEX = 0xffff;

    public enum Bind {
        LOCAL, GLOBAL, WEAK, OTHER;

        static Bind of(int v) {
            return v <= 2 ? values()[v] : OTHER;
        }
    }

    public enum Type {
        NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, OTHER;

        static Type of(int v) {
            return v <= 6 ? values()[v] : OTHER;
        }
    }

    public enum Visibility {
        DEFAULT, INTERNAL, HIDDEN, PROTECTED;

        static Visibility of(int v) {
            return values()[v & 3];
        }
    }

    public boolean isUndefined() {
        return shndx == SHN_UNDEF;
    }

    /** Defined in a real section (not undefined, absolute or common). */
    public boolean isInSection() {
        return shndx != SHN_UNDEF && (shndx < SHN_LORESERVE || shndx > SHN_XINDEX);
    }

    public boolean isGlobal() {
        return bind == Bind.GLOBAL || bind == Bind.WEAK;
    }

    @Override
    public String toString() {
        return String.format("%d: %s value=0x%x size=%d %s %s %s %s", index, name.isEmpty() ? "(anon)" : name, value,
                size, type, bind, visibility, sectionName);
    }
}
