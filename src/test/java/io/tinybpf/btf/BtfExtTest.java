package io.tinybpf.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.btf.BtfBuilder.ExtSection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtfExtTest {
    private static final BtfBuilder B = new BtfBuilder();
    private static final int TASK, FUNC;
    private static final byte[] EXT;
    private static final Btf BTF;

    static {
        int i = B.intType("int", 4, 1);
        TASK = B.struct("task_struct", 8, "pid", i, 0, "tgid", i, 32);
        FUNC = B.func("prog", B.funcProto(i, "ctx", B.ptr(0)), 1);
        EXT = B.ext(
                new ExtSection[] {new ExtSection("kprobe/do_exit", 1, 0, FUNC), new ExtSection("xdp", 2, 0, FUNC, 64, FUNC)},
                new ExtSection[] {new ExtSection("kprobe/do_exit", 2,
                        0, B.str("prog.c"), B.str("int prog(void *ctx) {"), 12L << 10 | 3,
                        16, B.str("prog.c"), B.str("  return t->tgid;"), 14L << 10 | 1023)},
                new ExtSection[] {new ExtSection("kprobe/do_exit", 1, 8, TASK, B.str("0:1"), 0)});
        try {
            BTF = Btf.parse(B.build());
        } catch (BtfFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parsesFuncLineAndCoreRecords() throws Exception {
        BtfExt ext = BtfExt.parse(EXT, BTF);
        assertEquals(List.of("kprobe/do_exit", "xdp"), List.copyOf(ext.funcInfo().keySet()));
        assertEquals(List.of(new BtfExt.FuncInfo(0, FUNC), new BtfExt.FuncInfo(64, FUNC)), ext.funcInfo("xdp"));
        assertEquals(8, ext.funcInfo("xdp").get(1).insnIndex());
        List<BtfExt.LineInfo> lines = ext.lineInfo("kprobe/do_exit");
        assertEquals(new BtfExt.LineInfo(0, "prog.c", "int prog(void *ctx) {", 12, 3), lines.get(0));
        assertEquals(14, lines.get(1).line());
        assertEquals(1023, lines.get(1).column());
        BtfExt.CoreRelo r = ext.coreRelos("kprobe/do_exit").getFirst();
        assertEquals(new BtfExt.CoreRelo(8, TASK, "0:1", 0), r);
        assertEquals(BtfExt.CoreReloKind.FIELD_BYTE_OFFSET, r.kindEnum());
        assertEquals("byte_off", r.kindEnum().label());
        assertEquals(1, ext.coreReloCount());
        assertEquals(List.of(), ext.lineInfo("nope"));
        assertEquals(BtfExt.CoreReloKind.UNKNOWN, BtfExt.CoreReloKind.of(99));
    }

    @Test
    void headerWithoutCoreSectionIsAccepted() throws Exception {
        // A 24-byte header (pre-CO-RE) has no core_relo fields.
        byte[] b = Arrays.copyOf(EXT, EXT.length);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(4, 24);
        // Shift: offsets are relative to the header end, so keep data at 32 by bumping func_info_off/line_info_off.
        bb.putInt(8, bb.getInt(8) + 8).putInt(16, bb.getInt(16) + 8);
        BtfExt ext = BtfExt.parse(b, BTF);
        assertEquals(0, ext.coreReloCount());
        assertEquals(2, ext.funcInfo().size());
    }

    @Test
    void malformed() {
        assertMessage(new byte[8], "truncated BTF.ext");
        assertMessage(patch(EXT, 0, 0x1111), "bad BTF.ext magic");
        assertMessage(patch(EXT, 4, 12), "header length 12 is invalid");
        assertMessage(patch(EXT, 12, 1 << 20), "func_info (offset 0, length 1048576) extends past the end");
        assertMessage(patch(EXT, 32, 4), "record size 4 is invalid");
        assertMessage(patch(EXT, 32, 10), "record size 10 is invalid");
        assertMessage(patch(EXT, 40, 0), "has no records");
        assertMessage(patch(EXT, 40, 1000), "1000 records of 8 bytes extend past the end");
        assertMessage(patch(EXT, 40, -1), "records of 8 bytes extend past the end");
        assertMessage(patch(EXT, 36, 1 << 20), "section name: string offset 1048576 is outside");
        assertMessage(patch(EXT, 48, 999), "func_info in 'kprobe/do_exit': type id 999 is out of range");
    }

    @Test
    void everyTruncationIsAFormatError() {
        for (int len = 0; len < EXT.length; len++) {
            byte[] cut = Arrays.copyOf(EXT, len);
            assertThrows(BtfFormatException.class, () -> BtfExt.parse(cut, BTF), "length " + len);
        }
    }

    @Test
    void randomMutationsOnlyRaiseFormatErrors() {
        java.util.Random rnd = new java.util.Random(11);
        for (int round = 0; round < 2000; round++) {
            byte[] m = EXT.clone();
            m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            try {
                BtfExt.parse(m, BTF);
            } catch (BtfFormatException expected) {
                // fine
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + " threw " + e, e);
            }
        }
    }

    private static byte[] patch(byte[] in, int at, int v) {
        byte[] b = in.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        return b;
    }

    private static void assertMessage(byte[] b, String expected) {
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> BtfExt.parse(b, BTF));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
