package io.tinybpf.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, fully parsed ELF file (ELF64 and ELF32, either byte order). Everything is read and
 * checked up front, so a malformed file fails in {@link #parse} with an {@link ElfFormatException}
 * and the accessors never fail afterwards.
 */
public final class ElfFile {
    /** Larger inputs are rejected before reading: BPF objects are kilobytes to a few megabytes. */
    public static final long MAX_FILE_SIZE = 256L << 20;

    private final ElfHeader header;
    private final List<ElfSection> sections;
    private final Map<String, ElfSection> byName;
    private final List<ElfSymbol> symbols;
    private final Map<Integer, List<ElfRelocation>> relocsByRelSection;
    private final Map<Integer, List<ElfRelocation>> relocsByTarget;

    private ElfFile(ElfHeader header, List<ElfSection> sections, List<ElfSymbol> symbols,
                    Map<Integer, List<ElfRelocation>> relocsByRelSection) {
        this.header = header;
        this.sections = List.copyOf(sections);
        Map<String, ElfSection> names = new HashMap<>();
        for (ElfSection s : sections) names.putIfAbsent(s.name(), s);
        this.byName = names;
        this.symbols = List.copyOf(symbols);
        this.relocsByRelSection = relocsByRelSection;
        Map<Integer, List<ElfRelocation>> byTarget = new HashMap<>();
        relocsByRelSection.forEach((rel, list) ->
                byTarget.computeIfAbsent(sections.get(rel).info(), k -> new ArrayList<>()).addAll(list));
        byTarget.replaceAll((k, v) -> List.copyOf(v));
        this.relocsByTarget = byTarget;
    }

    public static ElfFile read(Path path) throws IOException, ElfFormatException {
        long size = Files.size(path);
        if (size > MAX_FILE_SIZE) {
            throw new ElfFormatException(path + ": file is " + size + " bytes, larger than the " + MAX_FILE_SIZE
                    + "-byte limit for BPF objects");
        }
        try {
            return parse(Files.readAllBytes(path));
        } catch (ElfFormatException e) {
            throw new ElfFormatException(path + ": " + e.getMessage());
        }
    }

    /** Parses a copy of {@code data}. */
    public static ElfFile parse(byte[] data) throws ElfFormatException {
        return new Parser(data.clone()).parse();
    }

    public ElfHeader header() {
        return header;
    }

    /** All sections, indexed by section number (index 0 is the null section). */
    public List<ElfSection> sections() {
        return sections;
    }

    public ElfSection section(int index) {
        return sections.get(index);
    }

    /** The first section with this name. */
    public Optional<ElfSection> section(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Symbols of the static symbol table ({@code .symtab}, or the dynamic one if there is none), by index. */
    public List<ElfSymbol> symbols() {
        return symbols;
    }

    /** The first symbol with this name (excluding the null symbol). */
    public Optional<ElfSymbol> symbol(String name) {
        for (ElfSymbol s : symbols) {
            if (s.index() != 0 && s.name().equals(name)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Symbols defined in the given section. */
    public List<ElfSymbol> symbolsIn(ElfSection section) {
        List<ElfSymbol> out = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (s.isInSection() && s.shndx() == section.index()) out.add(s);
        }
        return out;
    }

    /** Relocations that apply to {@code target} (from every REL/RELA section whose sh_info names it). */
    public List<ElfRelocation> relocationsFor(ElfSection target) {
        return relocsByTarget.getOrDefault(target.index(), List.of());
    }

    /** The entries of one REL/RELA section. */
    public List<ElfRelocation> relocations(ElfSection relSection) {
        return relocsByRelSection.getOrDefault(relSection.index(), List.of());
    }

    /** Bounds-checked reader; every failure names the structure being read. */
    private static final class Parser {
        private final byte[] d;
        private final ByteBuffer b;
        private final Map<Long, String> strings = new HashMap<>();
        /**
         * Names may overlap (suffix sharing), so many distinct indices into one long string would
         * decode to far more text than the file holds. Real files stay well below this budget.
         */
        private long stringBudget;
        private boolean is64;

        Parser(byte[] d) {
            this.d = d;
            this.b = ByteBuffer.wrap(d);
            this.stringBudget = 8L * d.length + 4096;
        }

        ElfFile parse() throws ElfFormatException {
            if (d.length < 16) throw new ElfFormatException("truncated: " + d.length + " bytes is too short for an ELF identification (16 bytes)");
            if ((d[0] & 0xff) != 0x7f || d[1] != 'E' || d[2] != 'L' || d[3] != 'F') {
                throw new ElfFormatException(String.format("not an ELF file: bad magic %02x %02x %02x %02x (expected 7f 45 4c 46)",
                        d[0], d[1], d[2], d[3]));
            }
            int cls = d[4] & 0xff, data = d[5] & 0xff;
            if (cls != ElfHeader.ELFCLASS32 && cls != ElfHeader.ELFCLASS64) throw new ElfFormatException("invalid ELF class " + cls + " (expected 1 = ELFCLASS32 or 2 = ELFCLASS64)");
            if (data != ElfHeader.ELFDATA2LSB && data != ElfHeader.ELFDATA2MSB) throw new ElfFormatException("invalid ELF data encoding " + data + " (expected 1 = little-endian or 2 = big-endian)");
            is64 = cls == ElfHeader.ELFCLASS64;
            b.order(data == ElfHeader.ELFDATA2LSB ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int ehsize = is64 ? 64 : 52;
            if (d.length < ehsize) throw new ElfFormatException("truncated: " + d.length + " bytes is too short for an " + (is64 ? "ELF64" : "ELF32") + " header (" + ehsize + " bytes)");

            int w = is64 ? 8 : 4; // e_entry, e_phoff and e_shoff are address-sized
            int type = u16(16), machine = u16(18);
            long version = u32(20);
            long entry = word(24), phoff = word(24 + w), shoff = word(24 + 2 * w);
            int p = 24 + 3 * w;
            int flags = (int) u32(p);
            int hdrSize = u16(p + 4), phentsize = u16(p + 6), phnum = u16(p + 8), shentsize = u16(p + 10);
            long shnum = u16(p + 12);
            int shstrndx = u16(p + 14);

            int minShent = is64 ? 64 : 40;
            List<ElfSection> secs = new ArrayList<>();
            if (shoff != 0) {
                if (shentsize < minShent) throw new ElfFormatException("section header entry size " + shentsize + " is smaller than " + minShent);
                need(shoff, shentsize, "section header table");
                // Files with >= 0xff00 sections keep the real count and string table index in section 0.
                if (shnum == 0) shnum = is64 ? u64(shoff + 32) : u32(shoff + 20);
                if (shstrndx == ElfSymbol.SHN_XINDEX) shstrndx = (int) u32(shoff + (is64 ? 40 : 24));
                if (shnum < 0 || shnum > (d.length - shoff) / shentsize) {
                    throw new ElfFormatException(String.format("section header table (%d entries of %d bytes at offset 0x%x) extends past end of file (%d bytes)",
                            shnum, shentsize, shoff, d.length));
                }
            } else {
                shnum = 0;
            }
            if (shnum > 0 && (shstrndx < 0 || shstrndx >= shnum)) {
                throw new ElfFormatException("section name string table index " + shstrndx + " is out of range (" + shnum + " sections)");
            }
            ElfHeader header = new ElfHeader(cls, data, d[7] & 0xff, type, machine, version, entry, phoff, shoff, flags,
                    hdrSize, phentsize, phnum, shentsize, (int) shnum, shstrndx);

            // Raw headers first: names need the string table section, which may come later.
            long[][] raw = new long[(int) shnum][];
            for (int i = 0; i < shnum; i++) raw[i] = sectionHeader(shoff + (long) i * shentsize, i);
            for (int i = 0; i < shnum; i++) {
                long[] h = raw[i];
                int stype = (int) h[1];
                long off = h[4], size = h[5];
                if (stype != ElfSection.SHT_NOBITS && stype != ElfSection.SHT_NULL && size != 0) {
                    if (off < 0 || size < 0 || off > d.length || size > d.length - off) {
                        throw new ElfFormatException(String.format("section [%d]: contents (offset 0x%x, size %d) extend past end of file (%d bytes)",
                                i, off, size, d.length));
                    }
                }
            }
            long[] strHdr = shnum > 0 && shstrndx != 0 ? raw[shstrndx] : null;
            if (strHdr != null && strHdr[1] == ElfSection.SHT_NOBITS) throw new ElfFormatException("section name string table [" + shstrndx + "] has no contents (SHT_NOBITS)");
            for (int i = 0; i < shnum; i++) {
                long[] h = raw[i];
                String name = strHdr == null || i == 0 && h[0] == 0 ? "" : string(strHdr, h[0], "section name string table", "name of section [" + i + "]");
                int stype = (int) h[1];
                ByteBuffer contents = stype == ElfSection.SHT_NOBITS || stype == ElfSection.SHT_NULL || h[5] == 0
                        ? ByteBuffer.allocate(0)
                        : ByteBuffer.wrap(d, (int) h[4], (int) h[5]).slice();
                contents = contents.asReadOnlyBuffer().order(b.order());
                secs.add(new ElfSection(i, name, stype, h[2], h[3], h[4], h[5], (int) h[6], (int) h[7], h[8], h[9], contents));
            }

            Map<Integer, List<ElfSymbol>> symtabs = new HashMap<>();
            ElfSection primary = null;
            for (ElfSection s : secs) {
                if (s.type() == ElfSection.SHT_SYMTAB) {
                    primary = s;
                    break;
                }
            }
            if (primary == null) {
                for (ElfSection s : secs) {
                    if (s.type() == ElfSection.SHT_DYNSYM) {
                        primary = s;
                        break;
                    }
                }
            }
            List<ElfSymbol> symbols = primary == null ? List.of() : symbols(secs, primary, symtabs);

            Map<Integer, List<ElfRelocation>> relocs = new LinkedHashMap<>();
            for (ElfSection s : secs) {
                if (s.isRelocation()) relocs.put(s.index(), relocations(secs, s, symtabs));
            }
            return new ElfFile(header, secs, symbols, Collections.unmodifiableMap(relocs));
        }

        /** name, type, flags, addr, offset, size, link, info, addralign, entsize. */
        private long[] sectionHeader(long at, int i) throws ElfFormatException {
            need(at, is64 ? 64 : 40, "section header " + i);
            if (is64) {
                return new long[] {u32(at), u32(at + 4), u64(at + 8), u64(at + 16), u64(at + 24), u64(at + 32),
                        u32(at + 40), u32(at + 44), u64(at + 48), u64(at + 56)};
            }
            return new long[] {u32(at), u32(at + 4), u32(at + 8), u32(at + 12), u32(at + 16), u32(at + 20),
                    u32(at + 24), u32(at + 28), u32(at + 32), u32(at + 36)};
        }

        private List<ElfSymbol> symbols(List<ElfSection> secs, ElfSection symtab, Map<Integer, List<ElfSymbol>> cache)
                throws ElfFormatException {
            List<ElfSymbol> cached = cache.get(symtab.index());
            if (cached != null) return cached;
            String what = "symbol table [" + symtab.index() + "] '" + symtab.name() + "'";
            int entsize = is64 ? 24 : 16;
            if (symtab.entsize() != entsize) throw new ElfFormatException(what + ": entry size " + symtab.entsize() + ", expected " + entsize);
            if (symtab.size() % entsize != 0) throw new ElfFormatException(what + ": size " + symtab.size() + " is not a multiple of the entry size " + entsize);
            ElfSection strtab = linked(secs, symtab, what);
            if (strtab.type() != ElfSection.SHT_STRTAB) throw new ElfFormatException(what + ": linked section [" + strtab.index() + "] '" + strtab.name() + "' is not a string table");
            long[] strHdr = {0, strtab.type(), 0, 0, strtab.offset(), strtab.size()};
            // SHN_XINDEX symbols keep their real section index in a parallel SHT_SYMTAB_SHNDX table.
            ElfSection xindex = null;
            for (ElfSection s : secs) {
                if (s.type() == ElfSection.SHT_SYMTAB_SHNDX && s.link() == symtab.index()) xindex = s;
            }
            int n = (int) (symtab.size() / entsize);
            List<ElfSymbol> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long at = symtab.offset() + (long) i * entsize;
                long nameOff, value, size;
                int info, other, shndx;
                if (is64) {
                    nameOff = u32(at);
                    info = d[(int) at + 4] & 0xff;
                    other = d[(int) at + 5] & 0xff;
                    shndx = u16(at + 6);
                    value = u64(at + 8);
                    size = u64(at + 16);
                } else {
                    nameOff = u32(at);
                    value = u32(at + 4);
                    size = u32(at + 8);
                    info = d[(int) at + 12] & 0xff;
                    other = d[(int) at + 13] & 0xff;
                    shndx = u16(at + 14);
                }
                String name = nameOff == 0 ? "" : string(strHdr, nameOff, "string table '" + strtab.name() + "'", "name of symbol " + i);
                if (shndx == ElfSymbol.SHN_XINDEX) {
                    if (xindex == null || (long) i * 4 + 4 > xindex.size()) {
                        throw new ElfFormatException(what + ": symbol " + i + " '" + name + "' uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX entry for it");
                    }
                    long x = u32(xindex.offset() + (long) i * 4);
                    if (x >= secs.size()) throw new ElfFormatException(what + ": symbol " + i + " '" + name + "' refers to section " + x + " but there are only " + secs.size() + " sections");
                    // ElfSymbol keeps one index space; real indices in the reserved range would be ambiguous.
                    if (x >= ElfSymbol.SHN_LORESERVE && x <= 0xffff) throw new ElfFormatException(what + ": symbol " + i + " '" + name + "' is in section " + x + "; objects with more than 65279 sections are not supported");
                    shndx = (int) x;
                }
                String secName;
                if (shndx == ElfSymbol.SHN_UNDEF) secName = "UNDEF";
                else if (shndx == ElfSymbol.SHN_ABS) secName = "ABS";
                else if (shndx == ElfSymbol.SHN_COMMON) secName = "COMMON";
                else if (shndx >= ElfSymbol.SHN_LORESERVE && shndx <= 0xffff) secName = String.format("RESERVED(0x%x)", shndx);
                else if (shndx >= secs.size()) throw new ElfFormatException(what + ": symbol " + i + " '" + name + "' refers to section " + shndx + " but there are only " + secs.size() + " sections");
                else secName = secs.get(shndx).name();
                out.add(new ElfSymbol(i, name, value, size, ElfSymbol.Bind.of(info >> 4), ElfSymbol.Type.of(info & 0xf),
                        ElfSymbol.Visibility.of(other), shndx, secName));
            }
            List<ElfSymbol> result = List.copyOf(out);
            cache.put(symtab.index(), result);
            return result;
        }

        private List<ElfRelocation> relocations(List<ElfSection> secs, ElfSection rel, Map<Integer, List<ElfSymbol>> cache)
                throws ElfFormatException {
            String what = "relocation section [" + rel.index() + "] '" + rel.name() + "'";
            boolean rela = rel.type() == ElfSection.SHT_RELA;
            int entsize = is64 ? (rela ? 24 : 16) : (rela ? 12 : 8);
            if (rel.entsize() != entsize) throw new ElfFormatException(what + ": entry size " + rel.entsize() + ", expected " + entsize);
            if (rel.size() % entsize != 0) throw new ElfFormatException(what + ": size " + rel.size() + " is not a multiple of the entry size " + entsize);
            if (rel.info() < 0 || rel.info() >= secs.size()) throw new ElfFormatException(what + ": target section index " + Integer.toUnsignedString(rel.info()) + " is out of range (" + secs.size() + " sections)");
            int n = (int) (rel.size() / entsize);
            if (n == 0) return List.of();
            ElfSection symtab = linked(secs, rel, what);
            if (symtab.type() != ElfSection.SHT_SYMTAB && symtab.type() != ElfSection.SHT_DYNSYM) {
                throw new ElfFormatException(what + ": linked section [" + symtab.index() + "] '" + symtab.name() + "' is not a symbol table");
            }
            List<ElfSymbol> syms = symbols(secs, symtab, cache);
            List<ElfRelocation> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long at = rel.offset() + (long) i * entsize;
                long offset, symIdx, addend = 0;
                int type;
                if (is64) {
                    offset = u64(at);
                    long info = u64(at + 8);
                    symIdx = info >>> 32;
                    type = (int) info;
                    if (rela) addend = b.getLong((int) at + 16);
                } else {
                    offset = u32(at);
                    long info = u32(at + 4);
                    symIdx = info >>> 8;
                    type = (int) (info & 0xff);
                    if (rela) addend = b.getInt((int) at + 8);
                }
                if (symIdx >= syms.size()) {
                    throw new ElfFormatException(what + ": entry " + i + " refers to symbol " + symIdx + " but '" + symtab.name() + "' has " + syms.size() + " symbols");
                }
                out.add(new ElfRelocation(offset, type, syms.get((int) symIdx), addend, rela));
            }
            return List.copyOf(out);
        }

        private ElfSection linked(List<ElfSection> secs, ElfSection s, String what) throws ElfFormatException {
            int link = s.link();
            if (link <= 0 || link >= secs.size()) throw new ElfFormatException(what + ": linked section index " + Integer.toUnsignedString(link) + " is out of range (" + secs.size() + " sections)");
            ElfSection l = secs.get(link);
            if (l.type() == ElfSection.SHT_NOBITS) throw new ElfFormatException(what + ": linked section [" + link + "] has no contents (SHT_NOBITS)");
            return l;
        }

        /** A NUL-terminated string at {@code idx} in the string table whose header is {@code strHdr}. */
        private String string(long[] strHdr, long idx, String table, String what) throws ElfFormatException {
            long off = strHdr[4], size = strHdr[5];
            if (off < 0 || size < 0 || off > d.length || size > d.length - off) throw new ElfFormatException(table + " (offset 0x" + Long.toHexString(off) + ", size " + size + ") is outside the file");
            if (idx < 0 || idx >= size) throw new ElfFormatException(what + ": string index " + idx + " is outside the " + table + " (" + size + " bytes)");
            int start = (int) (off + idx), end = (int) (off + size);
            long key = (long) start << 32 | end; // the same bytes may end differently in another table
            String cached = strings.get(key);
            if (cached != null) return cached;
            long limit = Math.min(end, start + stringBudget);
            for (int i = start; i < limit; i++) {
                if (d[i] == 0) {
                    stringBudget -= i - start;
                    String str = new String(d, start, i - start, StandardCharsets.UTF_8);
                    strings.put(key, str);
                    return str;
                }
            }
            if (limit < end) throw new ElfFormatException(what + ": names in the " + table + " overlap so much that decoding them would exceed " + (8L * d.length) + " characters");
            throw new ElfFormatException(what + ": string at index " + idx + " in the " + table + " is not NUL-terminated");
        }

        private void need(long off, long len, String what) throws ElfFormatException {
            if (off < 0 || len < 0 || off > d.length || len > d.length - off) {
                throw new ElfFormatException(String.format("%s at offset 0x%x (%d bytes) is outside the file (%d bytes)", what, off, len, d.length));
            }
        }

        private int u16(long off) throws ElfFormatException {
            need(off, 2, "field");
            return b.getShort((int) off) & 0xffff;
        }

        private long u32(long off) throws ElfFormatException {
            need(off, 4, "field");
            return b.getInt((int) off) & 0xffff_ffffL;
        }

        /** Unsigned 64-bit values above Long.MAX_VALUE come back negative and fail every range check. */
        private long u64(long off) throws ElfFormatException {
            need(off, 8, "field");
            return b.getLong((int) off);
        }

        private long word(long off) throws ElfFormatException {
            return is64 ? u64(off) : u32(off);
        }
    }
}
