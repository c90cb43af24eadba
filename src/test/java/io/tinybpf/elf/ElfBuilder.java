package io.tinybpf.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small relocatable ELF files for tests (ELF64/ELF32, either byte order). User sections get
 * indices 1..n in the order added; .rel sections, .symtab, .strtab and .shstrtab follow, and the
 * section header table comes last so any truncation cuts it.
 */
final class ElfBuilder {
    record Sec(String name, int type, long flags, byte[] data, long align) {}

    record Sym(String name, long value, long size, int bind, int type, int shndx) {}

    record Rel(long offset, int sym, int type) {}

    int elfClass = 2;
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    int machine = 247;
    int type = 1;
    private final List<Sec> secs = new ArrayList<>();
    private final List<Sym> syms = new ArrayList<>();
    private final Map<Integer, List<Rel>> rels = new LinkedHashMap<>();

    static final int STB_LOCAL = 0, STB_GLOBAL = 1, STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, STT_SECTION = 3;
    static final long AX = ElfSection.SHF_ALLOC | ElfSection.SHF_EXECINSTR, WA = ElfSection.SHF_ALLOC | ElfSection.SHF_WRITE;

    ElfBuilder() {
        syms.add(new Sym("", 0, 0, 0, 0, 0));
    }

    int section(String name, int type, long flags, byte[] data) {
        secs.add(new Sec(name, type, flags, data, 8));
        return secs.size();
    }

    int progbits(String name, long flags, byte[] data) {
        return section(name, ElfSection.SHT_PROGBITS, flags, data);
    }

    int symbol(String name, long value, long size, int bind, int type, int shndx) {
        syms.add(new Sym(name, value, size, bind, type, shndx));
        return syms.size() - 1;
    }

    void rel(int target, long offset, int sym, int type) {
        rels.computeIfAbsent(target, k -> new ArrayList<>()).add(new Rel(offset, sym, type));
    }

    byte[] build() {
        boolean b64 = elfClass == 2;
        int ehsize = b64 ? 64 : 52, shentsize = b64 ? 64 : 40, symsize = b64 ? 24 : 16, relsize = b64 ? 16 : 8;
        List<Sec> all = new ArrayList<>(secs);
        List<int[]> relTargets = new ArrayList<>();
        int symtabIndex = secs.size() + rels.size() + 1;
        for (var e : rels.entrySet()) {
            ByteBuffer rb = ByteBuffer.allocate(e.getValue().size() * relsize).order(order);
            for (Rel r : e.getValue()) {
                if (b64) rb.putLong(r.offset()).putLong((long) r.sym() << 32 | r.type());
                else rb.putInt((int) r.offset()).putInt(r.sym() << 8 | r.type());
            }
            all.add(new Sec(".rel" + secs.get(e.getKey() - 1).name(), ElfSection.SHT_REL, ElfSection.SHF_INFO_LINK, rb.array(), 8));
            relTargets.add(new int[] {all.size(), e.getKey()});
        }
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        ByteBuffer st = ByteBuffer.allocate(syms.size() * symsize).order(order);
        for (Sym s : syms) {
            int name = 0;
            if (!s.name().isEmpty()) {
                name = strtab.size();
                strtab.writeBytes(s.name().getBytes(StandardCharsets.UTF_8));
                strtab.write(0);
            }
            int info = s.bind() << 4 | s.type();
            if (b64) st.putInt(name).put((byte) info).put((byte) 0).putShort((short) s.shndx()).putLong(s.value()).putLong(s.size());
            else st.putInt(name).putInt((int) s.value()).putInt((int) s.size()).put((byte) info).put((byte) 0).putShort((short) s.shndx());
        }
        all.add(new Sec(".symtab", ElfSection.SHT_SYMTAB, 0, st.array(), 8));
        all.add(new Sec(".strtab", ElfSection.SHT_STRTAB, 0, strtab.toByteArray(), 1));
        ByteArrayOutputStream shstr = new ByteArrayOutputStream();
        shstr.write(0);
        int[] nameOff = new int[all.size() + 1];
        all.add(new Sec(".shstrtab", ElfSection.SHT_STRTAB, 0, null, 1));
        for (int i = 0; i < all.size(); i++) {
            nameOff[i] = shstr.size();
            shstr.writeBytes(all.get(i).name().getBytes(StandardCharsets.UTF_8));
            shstr.write(0);
        }
        all.set(all.size() - 1, new Sec(".shstrtab", ElfSection.SHT_STRTAB, 0, shstr.toByteArray(), 1));

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[ehsize]);
        long[] offsets = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            while (body.size() % 8 != 0) body.write(0);
            offsets[i] = body.size();
            if (all.get(i).type() != ElfSection.SHT_NOBITS) body.writeBytes(all.get(i).data());
        }
        while (body.size() % 8 != 0) body.write(0);
        long shoff = body.size();
        int shnum = all.size() + 1;
        ByteBuffer out = ByteBuffer.allocate((int) shoff + shnum * shentsize).order(order);
        out.put(body.toByteArray());
        out.position((int) shoff + shentsize); // section 0 stays zero
        for (int i = 0; i < all.size(); i++) {
            Sec s = all.get(i);
            int link = 0, info = 0;
            long entsize = 0;
            if (s.type() == ElfSection.SHT_SYMTAB) {
                link = symtabIndex + 1;
                info = 1;
                entsize = symsize;
            }
            if (s.type() == ElfSection.SHT_REL) {
                link = symtabIndex;
                entsize = relsize;
                for (int[] rt : relTargets) if (rt[0] == i + 1) info = rt[1];
            }
            long size = s.data().length;
            if (b64) {
                out.putInt(nameOff[i]).putInt(s.type()).putLong(s.flags()).putLong(0).putLong(offsets[i]).putLong(size)
                        .putInt(link).putInt(info).putLong(s.align()).putLong(entsize);
            } else {
                out.putInt(nameOff[i]).putInt(s.type()).putInt((int) s.flags()).putInt(0).putInt((int) offsets[i])
                        .putInt((int) size).putInt(link).putInt(info).putInt((int) s.align()).putInt((int) entsize);
            }
        }
        out.position(0);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
        out.position(16);
        out.putShort((short) type).putShort((short) machine).putInt(1);
        if (b64) out.putLong(0).putLong(0).putLong(shoff);
        else out.putInt(0).putInt(0).putInt((int) shoff);
        out.putInt(0).putShort((short) ehsize).putShort((short) 0).putShort((short) 0).putShort((short) shentsize)
                .putShort((short) shnum).putShort((short) (shnum - 1));
        return out.array();
    }
}
