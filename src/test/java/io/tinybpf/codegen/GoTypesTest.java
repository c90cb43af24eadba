package io.tinybpf.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BTF → Go types on hand-built BTF: exact layout, names, collisions. */
class GoTypesTest {
    final BtfBuilder b = new BtfBuilder();
    final int u8 = b.intType("unsigned char", 1, 0), u16 = b.intType("unsigned short", 2, 0), u32 = b.intType("unsigned int", 4, 0),
            u64 = b.intType("unsigned long long", 8, 0), s32 = b.intType("int", 4, 1), bool = b.intType("_Bool", 1, 4),
            byteT = b.intType("byte", 1, 0), idx = b.intType("__ARRAY_SIZE_TYPE__", 4, 0);
    final Map<String, String> claimed = new LinkedHashMap<>();

    GoTypes types() throws Exception {
        Btf btf = Btf.parse(b.build());
        return new GoTypes(btf, "P", (name, origin) -> {
            String prev = claimed.putIfAbsent(name, origin);
            if (prev != null) throw new GoTypes.TypeException(origin + " and " + prev + " both map to " + name);
        });
    }

    static String render(GoTypes t) {
        GoSource s = new GoSource();
        for (GoTypes.Decl d : t.decls()) {
            d.render(s);
            s.blank();
        }
        return s.toString();
    }

    static List<String> checks(GoTypes t) {
        List<String> out = new ArrayList<>();
        for (GoTypes.Decl d : t.decls()) for (String[] c : d.checks()) out.add(c[0] + "=" + c[1]);
        return out;
    }

    @Test
    void scalarsAndTypedefsOfScalarsAreGoBuiltins() throws Exception {
        int td = b.typedef("__u32", u32);
        int ptr = b.ptr(u32);
        int arr = b.array(byteT, idx, 16);
        int s8 = b.intType("char", 1, 3);
        int wide = b.intType("__int128", 16, 1);
        GoTypes t = types();
        assertEquals("uint32", t.of(td, "X").expr());
        assertEquals("uint64", t.of(ptr, "X").expr(), "pointers are addresses: uint64");
        assertEquals("[16]byte", t.of(arr, "X").expr());
        assertEquals("int8", t.of(s8, "X").expr());
        assertEquals("bool", t.of(bool, "X").expr());
        assertEquals("int32", t.of(s32, "X").expr());
        assertEquals("uint8", t.of(u8, "X").expr());
        assertEquals("[16]byte", t.of(wide, "X").expr());
        assertTrue(t.decls().isEmpty(), "no named types for scalars");
    }

    @Test
    void gapsBecomeExplicitPaddingIncludingTheTail() throws Exception {
        int s = b.struct("rec", 24, "a", u32, 0, "b", u64, 64, "c", u16, 128);
        GoTypes t = types();
        assertEquals("PRec", t.of(s, "X").expr());
        assertEquals("""
                // PRec is BTF struct rec (24 bytes).
                type PRec struct {
                	A uint32
                	_ [4]byte
                	B uint64
                	C uint16
                	_ [6]byte
                }

                """, render(t));
        assertEquals(List.of("unsafe.Sizeof(PRec{})=24", "unsafe.Offsetof(PRec{}.A)=0", "unsafe.Offsetof(PRec{}.B)=8",
                "unsafe.Offsetof(PRec{}.C)=16"), checks(t));
    }

    @Test
    void misalignedAndPackedMembersBecomeBytes() throws Exception {
        // struct __attribute__((packed)) { char t; u64 v; } (9 bytes) and { u64 a; u8 b; } with size 12 (aligned(4))
        int packed = b.struct("packed", 9, "t", u8, 0, "v", u64, 8);
        int short12 = b.struct("short12", 12, "a", u64, 0, "b", u8, 64);
        GoTypes t = types();
        t.of(packed, "X");
        t.of(short12, "X");
        String out = render(t);
        assertTrue(out.contains("""
                type PPacked struct {
                	T uint8
                	// v is uint64 at a misaligned offset, kept as its bytes
                	V [8]byte
                }"""), out);
        assertTrue(out.contains("""
                type PShort12 struct {
                	// A is uint64 in a packed struct, kept as its bytes
                	A [8]byte
                	B uint8
                	_ [3]byte
                }"""), out);
    }

    @Test
    void bitFieldsAreTheBytesHoldingThem() throws Exception {
        // struct { u32 pid; u32 flags:3; u32 level:5; u16 after; } — kind_flag set: bit-field size << 24 | offset
        int s = b.raw(4, "bits", 4, true, 8, b.str("pid"), u32, 0, b.str("flags"), u32, 3L << 24 | 32, b.str("level"), u32,
                5L << 24 | 35, b.str("after"), u16, 48);
        GoTypes t = types();
        t.of(s, "X");
        assertTrue(render(t).contains("""
                	Pid uint32
                	// bit-field flags and those sharing its bytes, as raw bytes
                	Flags [1]byte
                	_     [1]byte
                	After uint16
                """), render(t));
    }

    @Test
    void unionsAreByteArraysAndEnumsTypedConstants() throws Exception {
        int u = b.union("val", 8, "x", u32, 0, "raw", b.array(u8, idx, 8), 0);
        int e = b.raw(6, "small", 2, true, 1, b.str("SMALL_NEG"), 0xfffffffdL, b.str("SMALL_POS"), 5);
        int e2 = b.raw(6, "color", 1, false, 4, b.str("COLOR_MAX"), 0xffffffffL);
        int s = b.struct("holder", 16, "v", u, 0, "s", e, 64, "c", e2, 96);
        GoTypes t = types();
        t.of(s, "X");
        String out = render(t);
        assertTrue(out.contains("type PVal [8]byte"), out);
        assertTrue(out.contains("""
                type PSmall int8

                const (
                	PSmallSMALLNEG PSmall = -3
                	PSmallSMALLPOS PSmall = 5
                )"""), out);
        assertTrue(out.contains("PColorCOLORMAX PColor = 4294967295"), out);
        assertTrue(out.contains("""
                	V PVal
                	S PSmall
                	_ [3]byte
                	C PColor
                """), out);
        assertTrue(checks(t).contains("unsafe.Sizeof(PSmall(0))=1"));
    }

    @Test
    void anonymousTypesAreNamedAfterWhereTheyAppear() throws Exception {
        int point = b.struct("", 2, "x", u8, 0, "y", u8, 8);
        int outer = b.typedef("outerT", b.struct("", 4, "point", point, 0, "z", u16, 16));
        int anonKey = b.struct("", 4, "id", u32, 0);
        GoTypes t = types();
        assertEquals("POuterT", t.of(outer, "X").expr());
        assertEquals("PEventsKey", t.of(anonKey, "EventsKey").expr());
        assertTrue(claimed.containsKey("POuterTPoint"), claimed.toString());
    }

    @Test
    void zeroSizedMembersAreDropped() throws Exception {
        int s = b.struct("tail", 4, "id", u32, 0, "data", b.array(u8, idx, 0), 32);
        GoTypes t = types();
        t.of(s, "X");
        assertTrue(render(t).contains("type PTail struct {\n\tId uint32\n}"), render(t));
    }

    @Test
    void identicalDuplicatesMergeButDifferentTypesWithOneNameAreAnError() throws Exception {
        int p1 = b.struct("point", 2, "x", u8, 0, "y", u8, 8);
        int p2 = b.struct("point", 2, "x", u8, 0, "y", u8, 8);
        int a = b.struct("foo_bar", 4, "a", u32, 0);
        int c = b.struct("fooBar", 8, "a", u64, 0);
        GoTypes t = types();
        assertEquals(t.of(p1, "X").expr(), t.of(p2, "X").expr());
        assertEquals(1, t.decls().size());
        t.of(a, "X");
        GoTypes.TypeException e = assertThrows(GoTypes.TypeException.class, () -> t.of(c, "X"));
        assertTrue(e.getMessage().contains("'foo_bar'") && e.getMessage().contains("'fooBar'") && e.getMessage().contains("PFooBar"),
                e.getMessage());
    }

    @Test
    void collidingFieldNamesAreAnError() throws Exception {
        int s = b.struct("s", 8, "x", u32, 0, "X", u32, 32);
        GoTypes t = types();
        GoTypes.TypeException e = assertThrows(GoTypes.TypeException.class, () -> t.of(s, "X"));
        assertTrue(e.getMessage().contains("Go field name X"), e.getMessage());
    }

    @Test
    void nameClaimsAreShared() throws Exception {
        int s = b.struct("objects", 4, "a", u32, 0);
        GoTypes t = types();
        claimed.put("PObjects", "generated PObjects");
        GoTypes.TypeException e = assertThrows(GoTypes.TypeException.class, () -> t.of(s, "X"));
        assertTrue(e.getMessage().contains("generated PObjects"), e.getMessage());
    }

    @Test
    void alignsRowsLikeGofmt() {
        // reference output from gofmt 1.26 for the same rows
        GoSource s = new GoSource();
        s.open("type T struct {");
        s.row("A", "int", "`x:\"a\"`");
        s.comment("doc");
        s.row("LongName", "string", "`x:\"b\"`");
        s.row("_", "[4]byte");
        s.row("C", "uint8", "`x:\"c\"`");
        s.close("}");
        s.blank();
        s.blank();
        s.open("const (");
        s.row("X", "= 1");
        s.row("YYYYY", "= 2");
        s.close(")");
        assertEquals("""
                type T struct {
                	A int `x:"a"`
                	// doc
                	LongName string `x:"b"`
                	_        [4]byte
                	C        uint8 `x:"c"`
                }

                const (
                	X     = 1
                	YYYYY = 2
                )
                """, s.toString());
    }
}
