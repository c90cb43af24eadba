package io.tinybpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.btf.BtfFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElfFileTest {
    private static final byte[] VALID = new BpfFixture().build();

    @Test
    void readsHeaderSectionsSymbolsAndRelocations() throws Exception {
        ElfFile f = ElfFile.parse(VALID);
        ElfHeader h = f.header();
        assertTrue(h.is64());
        assertTrue(h.isLittleEndian());
        assertEquals(ElfHeader.EM_BPF, h.machine());
        assertEquals(ElfHeader.ET_REL, h.type());
        assertEquals("EM_BPF (247)", h.machineName());

        ElfSection xdp = f.section("xdp").orElseThrow();
        assertEquals(ElfSection.SHT_PROGBITS, xdp.type());
        assertTrue(xdp.isExecutable() && xdp.isAlloc());
        assertEquals(32, xdp.size());
        assertEquals(32, xdp.bytes().length);
        assertEquals(0x18, xdp.contents().get(0));
        assertEquals(ByteOrder.LITTLE_ENDIAN, xdp.contents().order());
        assertEquals("GPL", new String(f.section("license").orElseThrow().bytes(), 0, 3));
        assertEquals(f.section(xdp.index()), xdp);
        assertTrue(f.section("nope").isEmpty());

        ElfSymbol prog = f.symbol("prog").orElseThrow();
        assertEquals(ElfSymbol.Type.FUNC, prog.type());
        assertEquals(ElfSymbol.Bind.GLOBAL, prog.bind());
        assertEquals(ElfSymbol.Visibility.DEFAULT, prog.visibility());
        assertEquals("xdp", prog.sectionName());
        assertEquals(32, prog.size());
        assertEquals("ABS", f.symbol("x.c").orElseThrow().sectionName());
        assertEquals("UNDEF", f.symbols().getFirst().sectionName());
        assertEquals(List.of("prog"), f.symbolsIn(xdp).stream().filter(s -> !s.name().isEmpty()).map(ElfSymbol::name).toList());

        List<ElfRelocation> rels = f.relocationsFor(xdp);
        assertEquals(1, rels.size());
        assertEquals("stats", rels.getFirst().symbol().name());
        assertEquals("R_BPF_64_64", rels.getFirst().bpfTypeName());
        assertEquals(0, rels.getFirst().offset());
        ElfSection relSec = f.section(".relxdp").orElseThrow();
        assertEquals(rels, f.relocations(relSec));
        assertEquals(List.of(), f.relocationsFor(f.section("license").orElseThrow()));
    }

    @Test
    void readsElf32AndBigEndian() throws Exception {
        BpfFixture x = new BpfFixture();
        x.elfClass = 1;
        x.machine = ElfHeader.EM_386;
        ElfFile f32 = ElfFile.parse(x.build());
        assertFalse(f32.header().is64());
        assertEquals("ELFCLASS32", f32.header().className());
        assertEquals(32, f32.symbol("prog").orElseThrow().size());
        assertEquals("stats", f32.relocationsFor(f32.section("xdp").orElseThrow()).getFirst().symbol().name());

        BpfFixture be = new BpfFixture();
        be.order = ByteOrder.BIG_ENDIAN;
        ElfFile fbe = ElfFile.parse(be.build());
        assertFalse(fbe.header().isLittleEndian());
        assertEquals(ElfHeader.EM_BPF, fbe.header().machine());
        assertEquals("xdp", fbe.symbol("prog").orElseThrow().sectionName());
        assertEquals(ByteOrder.BIG_ENDIAN, fbe.section("xdp").orElseThrow().contents().order());
    }

    @Test
    void everyTruncationIsAFormatError() {
        for (int len = 0; len < VALID.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(VALID, len);
            assertThrows(ElfFormatException.class, () -> ElfFile.parse(cut), "length " + len);
        }
    }

    @Test
    void identificationErrors() {
        assertMessage(patch(VALID, 0, 1, 0x7e), "bad magic");
        assertMessage(patch(VALID, 4, 1, 3), "invalid ELF class 3");
        assertMessage(patch(VALID, 5, 1, 0), "invalid ELF data encoding 0");
        assertMessage(new byte[] {0x7f, 'E', 'L', 'F'}, "too short for an ELF identification");
        assertMessage(java.util.Arrays.copyOf(VALID, 40), "too short for an ELF64 header");
    }

    @Test
    void sectionTableErrors() throws Exception {
        ElfFile f = ElfFile.parse(VALID);
        long shoff = f.header().shoff();
        assertMessage(patch(VALID, 40, 8, VALID.length - 10), "section header table");
        assertMessage(patch(VALID, 40, 8, -1), "outside the file");
        assertMessage(patch(VALID, 60, 2, 0xfff0), "section header table");
        assertMessage(patch(VALID, 62, 2, 200), "section name string table index 200 is out of range");
        assertMessage(patch(VALID, 58, 2, 20), "section header entry size 20");
        int xdp = f.section("xdp").orElseThrow().index();
        assertMessage(patch(VALID, shoff + xdp * 64L + 24, 8, VALID.length - 4), "section [" + xdp + "]: contents");
        assertMessage(patch(VALID, shoff + xdp * 64L + 32, 8, Long.MAX_VALUE), "extend past end of file");
        assertMessage(patch(VALID, shoff + xdp * 64L, 4, 1 << 20), "name of section [" + xdp + "]: string index 1048576 is outside");
        // shstrtab with its terminating NUL cut off
        int shstr = f.header().shstrndx();
        long shstrSize = f.section(shstr).size();
        assertMessage(patch(VALID, shoff + shstr * 64L + 32, 8, shstrSize - 1), "not NUL-terminated");
    }

    @Test
    void symbolAndRelocationErrors() throws Exception {
        ElfFile f = ElfFile.parse(VALID);
        long shoff = f.header().shoff();
        ElfSection symtab = f.section(".symtab").orElseThrow();
        ElfSection rel = f.section(".relxdp").orElseThrow();
        long symtabHdr = shoff + symtab.index() * 64L, relHdr = shoff + rel.index() * 64L;
        assertMessage(patch(VALID, symtabHdr + 56, 8, 16), "entry size 16, expected 24");
        assertMessage(patch(VALID, symtabHdr + 32, 8, symtab.size() - 5), "not a multiple of the entry size");
        assertMessage(patch(VALID, symtabHdr + 40, 4, 99), "linked section index 99 is out of range");
        assertMessage(patch(VALID, symtabHdr + 40, 4, rel.index()), "is not a string table");
        // symbol 1's name offset far outside .strtab; symbol 3's section index out of range
        assertMessage(patch(VALID, symtab.offset() + 24, 4, 100_000), "name of symbol 1: string index 100000 is outside");
        assertMessage(patch(VALID, symtab.offset() + 3 * 24 + 6, 2, 300), "refers to section 300");
        assertMessage(patch(VALID, rel.offset() + 12, 4, 5000), "refers to symbol 5000");
        assertMessage(patch(VALID, relHdr + 44, 4, 77), "target section index 77 is out of range");
        assertMessage(patch(VALID, relHdr + 56, 8, 24), "entry size 24, expected 16");
        assertMessage(patch(VALID, relHdr + 40, 4, 1), "is not a symbol table");
    }

    @Test
    void hugeCountsAreRejectedWithoutAllocating() {
        // e_shnum = 0 and section 0's sh_size = 2^40 claims an enormous extended section count.
        ElfFile f = parseOrFail(VALID);
        long shoff = f.header().shoff();
        byte[] b = patch(patch(VALID, 60, 2, 0), shoff + 32, 8, 1L << 40);
        assertMessage(b, "section header table");
        // A symbol table claiming to be 2^40 bytes long.
        ElfSection symtab = f.section(".symtab").orElseThrow();
        assertMessage(patch(VALID, shoff + symtab.index() * 64L + 32, 8, 24L << 36), "extend past end of file");
    }

    /** Random byte damage to a full object must only ever surface as the two checked exceptions. */
    @Test
    void randomMutationsOnlyRaiseCheckedExceptions() {
        BpfFixture fx = new BpfFixture();
        fx.kfunc = true;
        mutate(fx.build(), 4000, 42);
    }

    static void mutate(byte[] seed, int rounds, long randomSeed) {
        Random rnd = new Random(randomSeed);
        long[] interesting = {0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffffL, -1L, seed.length, seed.length - 1};
        int parsed = 0;
        for (int i = 0; i < rounds; i++) {
            byte[] m = seed.clone();
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(m.length);
                switch (rnd.nextInt(3)) {
                    case 0 -> m[at] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> m[at] = (byte) rnd.nextInt(256);
                    default -> {
                        long v = interesting[rnd.nextInt(interesting.length)];
                        int w = rnd.nextBoolean() ? 4 : 2;
                        m = patch(m, Math.min(at, m.length - w), w, v);
                    }
                }
            }
            if (rnd.nextInt(10) == 0) m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length));
            try {
                ElfFile f = ElfFile.parse(m);
                parsed++;
                ObjectValidator.validate(f);
                try {
                    ObjectSummary.summarize(f).format();
                } catch (BtfFormatException expected) {
                    // malformed BTF is reported, never thrown as something else
                }
            } catch (ElfFormatException expected) {
                assertFalse(expected.getMessage() == null || expected.getMessage().isBlank());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("mutation round " + i + " threw " + e, e);
            }
        }
        assertTrue(parsed > rounds / 20, "too few mutants parsed (" + parsed + "): the loop barely reaches the validator");
    }

    static byte[] patch(byte[] in, long at, int width, long value) {
        byte[] b = in.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (width) {
            case 1 -> bb.put((int) at, (byte) value);
            case 2 -> bb.putShort((int) at, (short) value);
            case 4 -> bb.putInt((int) at, (int) value);
            default -> bb.putLong((int) at, value);
        }
        return b;
    }

    private static ElfFile parseOrFail(byte[] b) {
        try {
            return ElfFile.parse(b);
        } catch (ElfFormatException e) {
            return fail(e);
        }
    }

    private static void assertMessage(byte[] b, String expected) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfFile.parse(b));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
