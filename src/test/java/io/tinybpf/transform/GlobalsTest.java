package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class GlobalsTest {
    private static Module globals(String ir) {
        Module m = parse(ir);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Globals.class);
        run(ctx, new Globals());
        return m;
    }

    /** The fixture with its program also bumping three package variables. */
    private static final String WITH_DATA = Fixtures.MODULE
            .replace("@main.hits = internal global i64 0, align 8, !dbg !60",
                    "@main.hits = internal global i64 0, align 8, !dbg !60\n@main.seed = internal global i64 7, align 8\n"
                            + "@main.table = internal unnamed_addr constant [4 x i32] [i32 10, i32 20, i32 30, i32 40], align 4")
            .replace("  ret i32 0, !dbg !79", "  %h = load i64, ptr @main.hits, align 8\n  %s = load i64, ptr @main.seed, align 8\n"
                    + "  %t = load i32, ptr @main.table, align 4\n  ret i32 0, !dbg !79");

    @Test
    void packageVariablesGoToTheirDataSectionsUnderGoNames() {
        Module m = globals(WITH_DATA);
        GlobalVar hits = m.globalVar("hits");
        assertNotNull(hits, "the package prefix is dropped");
        assertEquals(".bss", hits.section(), "zero-initialised");
        assertEquals(".data", m.globalVar("seed").section());
        GlobalVar table = m.globalVar("table");
        assertEquals(".rodata", table.section());
        assertFalse(table.hasQualifier("unnamed_addr"), "a mergeable constant would get its own .rodata");
        assertTrue(hits.qualifiers().isEmpty(), "global, so loaders can set and read it by name");
        assertEquals("hits", m.metadata(61).stringField("name"));
        accepted(m);
    }

    @Test
    void theDefaultLicenseIsANulTerminatedString() {
        Module m = globals(Fixtures.MODULE);
        GlobalVar lic = m.globalVar("_license");
        assertEquals("license", lic.section());
        assertTrue(lic.initializerValue() instanceof Value.Bytes b && new String(b.bytes(), StandardCharsets.UTF_8).equals("GPL\0"));
        GlobalVar anchor = m.globalVar("__tinybpf_event_events");
        assertEquals(new Type.Array(4, Type.I8), anchor.type(), "the ring buffer's record type, after the license");
        List<GlobalVar> all = m.globalVars();
        assertTrue(all.indexOf(lic) < all.indexOf(anchor), "the license string comes first in its section");
        accepted(m);
    }

    @Test
    void aUserLicenseWins() {
        Module m = globals(Fixtures.MODULE.replace("@main.hits = internal global i64 0, align 8, !dbg !60",
                "@main.license = internal global [13 x i8] c\"Dual BSD/GPL\\00\", align 1"));
        GlobalVar lic = m.globalVar("_license");
        assertEquals("license", lic.section());
        assertTrue(lic.initializerValue() instanceof Value.Bytes b && new String(b.bytes(), StandardCharsets.UTF_8).equals("Dual BSD/GPL\0"));
        accepted(m);
    }

    @Test
    @Tag("tinygo")
    void loaderSetConstantsAreZeroRodataReadVolatile() {
        Module m = PassHarness.tinygoIr("rodata-config");
        TransformContext ctx = context(m, PassHarness.sections("rodata-config"));
        runBefore(ctx, Globals.class);
        run(ctx, new Globals());
        for (String name : List.of("multiplier", "offset")) {
            GlobalVar g = m.globalVar(name);
            assertTrue(g.isConstant() && !g.isDeclaration(), name + " is defined constant");
            assertEquals(".rodata", g.section());
            assertEquals(Value.ZERO, g.initializerValue());
            assertTrue(g.attachment("dbg") >= 0, name + " gets a BTF variable");
        }
        int loads = 0;
        for (BodyLine l : m.function("scale").allLines()) {
            if (l.inst() instanceof Inst.Load load && load.pointer().value() instanceof Value.Global gv
                    && List.of("multiplier", "offset").contains(gv.name())) {
                assertTrue(load.isVolatile(), "the optimizer must not fold the placeholder: " + l.text());
                loads++;
            }
        }
        assertEquals(2, loads);
        accepted(m);
    }

    // ------------------------------------------------------------------ link mode: clang's C

    @Test
    @Tag("llvm")
    void inLinkModeCGlobalsKeepTheirNamesLinkageAndPlacement() {
        TransformContext ctx = LinkFixtures.libraryBefore(Globals.class);
        Module m = ctx.module();
        String counterBefore = m.globalVar("counter").text();
        run(ctx, new Globals());
        GlobalVar fmt = m.globalVar("prog.fmt");
        assertNotNull(fmt, "a function-local static keeps clang's name (not ____fmt or fmt)");
        assertTrue(fmt.hasQualifier("internal"), "and its static linkage, so loaders see a static variable");
        assertEquals(counterBefore, m.globalVar("counter").text(), "clang's globals are left as written");
        org.junit.jupiter.api.Assertions.assertNull(m.globalVar("_license"), "the C license is the license: no default is added");
        io.tinybpf.elf.ElfFile elf = PassHarness.object(m);
        assertEquals(".bss", PassHarness.sectionOf(elf, "counter"), "llc places a zero as clang does");
        assertEquals(".data", PassHarness.sectionOf(elf, "seeded"));
        assertEquals(".rodata", PassHarness.sectionOf(elf, "limit"));
        assertEquals(".rodata", PassHarness.sectionOf(elf, "prog.fmt"));
        assertTrue(elf.symbols().stream().anyMatch(s -> s.name().equals("prog.fmt") && !s.isGlobal()), "a LOCAL symbol");
    }

    @Test
    void zeroOfAnySpellingIsBssForGo() {
        for (String zero : List.of("i64 0", "[2 x i64] zeroinitializer", "[2 x i64] [i64 0, i64 0]", "{ i32, i32 } { i32 0, i32 0 }")) {
            Module m = globals(WITH_DATA.replace("@main.seed = internal global i64 7", "@main.seed = internal global " + zero));
            assertEquals(".bss", m.globalVar("seed").section(), zero);
        }
    }
}
