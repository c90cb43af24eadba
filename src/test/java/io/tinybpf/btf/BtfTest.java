package io.tinybpf.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BtfTest {
    /** Ids of the types built by {@link #allKinds}. */
    private record Ids(int intT, int charT, int ptrArr, int arr27, int event, int u, int e, int fwdUnion, int u32,
                       int vol, int cnst, int restrict, int proto, int staticF, int globalF, int externF, int var,
                       int ds, int flt, int declTag, int typeTag, int e64, int constCharPtr, int charPtrConst,
                       int fnPtr, int anon, int bits) {}

    private static Ids ids;

    private static byte[] allKinds(ByteOrder order) {
        BtfBuilder b = new BtfBuilder(order);
        int intT = b.intType("int", 4, 1);
        int charT = b.intType("char", 1, 1 | 2);
        int size = b.intType("__ARRAY_SIZE_TYPE__", 4, 0);
        int arr27 = b.array(intT, size, 27);
        int ptrArr = b.ptr(arr27);
        int event = b.struct("event", 16, "pid", intT, 0, "comm", b.array(charT, size, 12), 32);
        int u = b.union("u", 4, "i", intT, 0, "c", charT, 0);
        int e = b.raw(6, "state", 2, true, 4, b.str("A"), -1, b.str("B"), 7);
        int fwdUnion = b.raw(7, "later", 0, true, 0);
        int u32 = b.typedef("__u32", b.intType("unsigned int", 4, 0));
        int vol = b.raw(9, "", 0, false, intT);
        int cnst = b.raw(10, "", 0, false, charT);
        int restrict = b.raw(11, "", 0, false, b.ptr(intT));
        int voidPtr = b.ptr(0);
        int proto = b.funcProto(intT, "ctx", voidPtr);
        int staticF = b.func("helper", proto, 0);
        int globalF = b.func("prog", proto, 1);
        int externF = b.func("bpf_kfunc", b.funcProto(0, "", intT, "", 0), 2);
        int var = b.var("ev", event, 1);
        int ds = b.datasec(".data", 16, var, 0, 16);
        int flt = b.raw(16, "double", 0, false, 8);
        int declTag = b.raw(17, "my_tag", 0, false, event, 1);
        int typeTag = b.raw(18, "user", 0, false, intT);
        int e64 = b.raw(19, "big", 1, false, 8, b.str("HUGE"), 0x89abcdefL, 0x01234567L);
        int constCharPtr = b.ptr(cnst);
        int charPtrConst = b.raw(10, "", 0, false, b.ptr(charT));
        int fnPtr = b.ptr(b.funcProto(intT, "", voidPtr, "", 0));
        int anon = b.struct("", 8, "x", ptrArr, 0);
        // kind_flag struct: bitfield of 3 bits at bit offset 5
        int bits = b.raw(4, "flags", 1, true, 4, b.str("f"), u32, 3L << 24 | 5);
        ids = new Ids(intT, charT, ptrArr, arr27, event, u, e, fwdUnion, u32, vol, cnst, restrict, proto, staticF,
                globalF, externF, var, ds, flt, declTag, typeTag, e64, constCharPtr, charPtrConst, fnPtr, anon, bits);
        return b.build();
    }

    private static final byte[] ALL = allKinds(ByteOrder.LITTLE_ENDIAN);

    @Test
    void parsesEveryKind() throws Exception {
        Btf btf = Btf.parse(ALL);
        assertEquals(ByteOrder.LITTLE_ENDIAN, btf.byteOrder());
        assertInstanceOf(BtfType.Void.class, btf.type(0));
        BtfType.Int i = assertInstanceOf(BtfType.Int.class, btf.type(ids.intT()));
        assertTrue(i.signed());
        assertEquals(32, i.bits());
        assertEquals(BtfType.Int.CHAR | BtfType.Int.SIGNED, ((BtfType.Int) btf.type(ids.charT())).encoding());
        assertEquals(27, ((BtfType.Array) btf.type(ids.arr27())).nelems());
        BtfType.Struct ev = assertInstanceOf(BtfType.Struct.class, btf.type(ids.event()));
        assertEquals(List.of("pid", "comm"), ev.members().stream().map(BtfType.Member::name).toList());
        assertEquals(32, ev.members().get(1).bitOffset());
        assertInstanceOf(BtfType.Union.class, btf.type(ids.u()));
        BtfType.Enum en = assertInstanceOf(BtfType.Enum.class, btf.type(ids.e()));
        assertTrue(en.signed());
        assertEquals(-1, en.values().get(0).value());
        assertTrue(assertInstanceOf(BtfType.Fwd.class, btf.type(ids.fwdUnion())).union());
        assertInstanceOf(BtfType.Volatile.class, btf.type(ids.vol()));
        assertInstanceOf(BtfType.Restrict.class, btf.type(ids.restrict()));
        assertEquals(BtfType.Linkage.STATIC, ((BtfType.Func) btf.type(ids.staticF())).linkage());
        assertEquals(BtfType.Linkage.GLOBAL, ((BtfType.Func) btf.type(ids.globalF())).linkage());
        assertEquals(BtfType.Linkage.EXTERN, ((BtfType.Func) btf.type(ids.externF())).linkage());
        BtfType.FuncProto kp = (BtfType.FuncProto) btf.type(((BtfType.Func) btf.type(ids.externF())).type());
        assertTrue(kp.variadic());
        assertEquals(BtfType.Linkage.GLOBAL, ((BtfType.Var) btf.type(ids.var())).linkage());
        BtfType.DataSec ds = assertInstanceOf(BtfType.DataSec.class, btf.type(ids.ds()));
        assertEquals(List.of(new BtfType.VarSecInfo(ids.var(), 0, 16)), ds.vars());
        assertEquals(8, ((BtfType.Float) btf.type(ids.flt())).size());
        assertEquals(1, ((BtfType.DeclTag) btf.type(ids.declTag())).componentIdx());
        assertEquals("user", btf.type(ids.typeTag()).name());
        BtfType.Enum64 e64 = assertInstanceOf(BtfType.Enum64.class, btf.type(ids.e64()));
        assertEquals(0x0123456789abcdefL, e64.values().getFirst().value());
        BtfType.Member bit = ((BtfType.Struct) btf.type(ids.bits())).members().getFirst();
        assertEquals(5, bit.bitOffset());
        assertEquals(3, bit.bitfieldSize());
        assertEquals(Arrays.stream(BtfKind.values()).filter(k -> k != BtfKind.VOID).toList().size(),
                btf.types().stream().map(BtfType::kind).filter(k -> k != BtfKind.VOID).distinct().count());
    }

    @Test
    void helpers() throws Exception {
        Btf btf = Btf.parse(ALL);
        assertEquals("int (*)[27]", btf.describe(ids.ptrArr()));
        assertEquals("int[27]", btf.describe(ids.arr27()));
        assertEquals("struct event", btf.describe(ids.event()));
        assertEquals("union u", btf.describe(ids.u()));
        assertEquals("enum state", btf.describe(ids.e()));
        assertEquals("union later", btf.describe(ids.fwdUnion()));
        assertEquals("__u32", btf.describe(ids.u32()));
        assertEquals("const char *", btf.describe(ids.constCharPtr()));
        assertEquals("char *const", btf.describe(ids.charPtrConst()));
        assertEquals("volatile int", btf.describe(ids.vol()));
        assertEquals("int *restrict", btf.describe(ids.restrict()));
        assertEquals("int (*)(void *, ...)", btf.describe(ids.fnPtr()));
        assertEquals("int prog(void *ctx)", btf.describe(ids.globalF()));
        assertEquals("void bpf_kfunc(int, ...)", btf.describe(ids.externF()));
        assertEquals("struct event ev", btf.describe(ids.var()));
        assertEquals("struct {...}", btf.describe(ids.anon()));
        assertEquals("SEC(\".data\")", btf.describe(ids.ds()));
        assertEquals("void", btf.describe(0));

        assertEquals(OptionalLong.of(8), btf.sizeOf(ids.ptrArr()));
        assertEquals(OptionalLong.of(108), btf.sizeOf(ids.arr27()));
        assertEquals(OptionalLong.of(16), btf.sizeOf(ids.event()));
        assertEquals(OptionalLong.of(4), btf.sizeOf(ids.u32()));
        assertEquals(OptionalLong.of(16), btf.sizeOf(ids.var()));
        assertEquals(OptionalLong.of(1), btf.sizeOf(ids.cnst()));
        assertEquals(OptionalLong.empty(), btf.sizeOf(ids.fwdUnion()));
        assertEquals(OptionalLong.empty(), btf.sizeOf(ids.globalF()));
        assertEquals(OptionalLong.empty(), btf.sizeOf(0));

        assertEquals(ids.intT(), btf.resolveId(ids.typeTag()));
        assertEquals(btf.type(ids.charT()), btf.resolve(ids.cnst()));
        assertInstanceOf(BtfType.Int.class, btf.resolve(ids.u32()));
        assertEquals(ids.event(), btf.find("event", BtfKind.STRUCT).orElseThrow().id());
        assertTrue(btf.find("event", BtfKind.UNION).isEmpty());
        assertEquals(ids.ds(), btf.find(".data", BtfType.DataSec.class).orElseThrow().id());
        assertEquals(1, btf.byName("prog").size());
        assertEquals("", btf.string(0).orElseThrow());
        assertTrue(btf.string(1 << 30).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> btf.type(btf.typeCount()));
    }

    @Test
    void sizeOverflowIsEmpty() throws Exception {
        BtfBuilder b = new BtfBuilder();
        int u64 = b.intType("u64", 8, 0);
        int idx = b.intType("__ARRAY_SIZE_TYPE__", 4, 0);
        int big = b.array(b.array(u64, idx, 0xffffffffL), idx, 0xffffffffL);
        assertEquals(OptionalLong.empty(), Btf.parse(b.build()).sizeOf(big));
    }

    @Test
    void bigEndian() throws Exception {
        Btf btf = Btf.parse(allKinds(ByteOrder.BIG_ENDIAN));
        assertEquals(ByteOrder.BIG_ENDIAN, btf.byteOrder());
        assertEquals("int (*)[27]", btf.describe(ids.ptrArr()));
        assertEquals(0x0123456789abcdefL, ((BtfType.Enum64) btf.type(ids.e64())).values().getFirst().value());
    }

    @Test
    void headerErrors() {
        assertMessage(new byte[10], "truncated BTF");
        assertMessage(patch(ALL, 0, 2, 0x1234), "bad BTF magic");
        assertMessage(patch(ALL, 2, 1, 2), "unsupported BTF version 2");
        assertMessage(patch(ALL, 3, 1, 1), "unsupported BTF header flags");
        assertMessage(patch(ALL, 4, 4, 8), "header length 8 is invalid");
        assertMessage(patch(ALL, 4, 4, 1 << 20), "header length 1048576 is invalid");
        assertMessage(patch(ALL, 12, 4, 1 << 20), "type section");
        assertMessage(patch(ALL, 12, 4, -1), "type section");
        assertMessage(patch(ALL, 20, 4, 1 << 20), "string section");
        assertMessage(patch(ALL, 8, 4, 2), "not 4-byte aligned");
        assertMessage(patch(ALL, 16, 4, 4), "overlap");
        int typeLen = ByteBuffer.wrap(ALL).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        assertMessage(patch(ALL, 24 + typeLen, 1, 'x'), "must start and end with a NUL");
        assertMessage(patch(ALL, ALL.length - 1, 1, 'x'), "must start and end with a NUL");
    }

    @Test
    void typeErrors() {
        BtfBuilder b = new BtfBuilder();
        b.raw(25, "", 0, false, 0);
        assertMessage(b.build(), "type [1]: unknown BTF kind 25");

        b = new BtfBuilder();
        b.raw(4, "s", 1000, false, 8); // 1000 members, none present
        assertMessage(b.build(), "1000 members");

        b = new BtfBuilder();
        b.raw(1, "int", 0, false, 4); // INT without its data word
        assertMessage(b.build(), "INT data");

        b = new BtfBuilder();
        b.raw(1, "int", 0, false, 3, 32);
        assertMessage(b.build(), "invalid size 3");

        b = new BtfBuilder();
        b.ptr(7);
        assertMessage(b.build(), "type [1] PTR: type id 7 is out of range (2 types)");

        b = new BtfBuilder();
        b.typedef("a", 2);
        b.raw(10, "", 0, false, 1);
        assertMessage(b.build(), "reference loop");

        b = new BtfBuilder();
        b.ptr(1);
        assertMessage(b.build(), "reference loop");

        b = new BtfBuilder();
        b.func("f", 0, 3);
        assertMessage(b.build(), "invalid linkage 3");

        b = new BtfBuilder();
        b.var("v", 0, 7);
        assertMessage(b.build(), "invalid linkage 7");

        b = new BtfBuilder();
        int i = b.intType("int", 4, 1);
        b.func("f", i, 1);
        assertMessage(b.build(), "expected FUNC_PROTO");

        b = new BtfBuilder();
        i = b.intType("int", 4, 1);
        b.datasec(".data", 4, i, 0, 4);
        assertMessage(b.build(), "expected VAR or FUNC");

        byte[] bad = ALL.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1 << 24); // name offset of type 1
        assertMessage(bad, "string offset 16777216 is outside the BTF string section");
    }

    @Test
    void overlappingNamesCannotExpandWithoutBound() {
        // 40 types named by successive offsets into one 50 KB string would decode to ~2 MB of text.
        BtfBuilder b = new BtfBuilder();
        int base = b.str("a".repeat(50_000));
        for (int i = 0; i < 40; i++) b.rawNamed(8, base + i, 0, 0);
        assertMessage(b.build(), "overlap so much");
    }

    @Test
    void everyTruncationIsAFormatError() {
        // Cutting the blob shortens it below what the header promises.
        for (int len = 0; len < ALL.length; len++) {
            byte[] cut = Arrays.copyOf(ALL, len);
            assertThrows(BtfFormatException.class, () -> Btf.parse(cut), "length " + len);
        }
    }

    @Test
    void randomMutationsOnlyRaiseFormatErrors() {
        Random rnd = new Random(7);
        int parsed = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] m = ALL.clone();
            for (int e = 0; e < 1 + rnd.nextInt(3); e++) {
                int at = rnd.nextInt(m.length);
                m[at] = rnd.nextBoolean() ? (byte) rnd.nextInt(256) : (byte) (m[at] ^ (1 << rnd.nextInt(8)));
            }
            try {
                Btf btf = Btf.parse(m);
                parsed++;
                for (int id = 0; id < btf.typeCount(); id++) {
                    btf.describe(id);
                    btf.sizeOf(id);
                    btf.resolve(id);
                }
            } catch (BtfFormatException expected) {
                assertFalse(expected.getMessage().isBlank());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("round " + round + " threw " + e, e);
            }
        }
        assertTrue(parsed > 100, "only " + parsed + " mutants parsed");
    }

    static byte[] patch(byte[] in, int at, int width, long v) {
        byte[] b = in.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (width) {
            case 1 -> bb.put(at, (byte) v);
            case 2 -> bb.putShort(at, (short) v);
            default -> bb.putInt(at, (int) v);
        }
        return b;
    }

    private static void assertMessage(byte[] b, String expected) {
        BtfFormatException e = assertThrows(BtfFormatException.class, () -> Btf.parse(b));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
