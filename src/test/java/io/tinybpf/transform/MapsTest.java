package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class MapsTest {
    private static TransformContext maps(String ir) {
        Module m = parse(ir);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Maps.class);
        run(ctx, new Maps());
        return ctx;
    }

    private static List<String> memberNames(Module m, MetadataDef def) {
        return m.metadata(def.refField("elements")).elementRefs().stream().map(id -> m.metadata(id).stringField("name")).toList();
    }

    @Test
    void eachMapGetsItsOwnLibbpfDefinition() {
        TransformContext ctx = maps(Fixtures.MODULE);
        Module m = ctx.module();
        GlobalVar counters = m.globalVar("counters");
        assertEquals(".maps", counters.section());
        assertTrue(counters.qualifiers().isEmpty(), "maps are global symbols");
        assertEquals(new Type.Struct(List.of(Type.PTR, Type.PTR, Type.PTR, Type.PTR), false), counters.type());
        assertEquals(Value.ZERO, counters.initializerValue());
        MetadataDef var = m.metadata(21);
        assertEquals("counters", var.stringField("name"));
        MetadataDef def = m.metadata(var.refField("type"));
        assertEquals(List.of("type", "key_size", "value_size", "max_entries"), memberNames(m, def), "MapFlags 0 is left out");

        MetadataDef evDef = m.metadata(m.metadata(41).refField("type"));
        assertEquals(List.of("type", "max_entries"), memberNames(m, evDef), "Event is not a libbpf attribute");
        assertNotEquals(var.refField("type"), m.metadata(41).refField("type"));
        // the definition is a private copy: TinyGo shares member nodes between Go types
        assertFalse(m.metadata(def.refField("elements")).elementRefs().contains(25));
        assertEquals(1, ctx.anchors().size(), "the ring buffer's record type is anchored for userspace");
        accepted(m);
    }

    @Test
    void definitionsTheKernelWouldRejectAreCaughtAtTheMapsLine() {
        Module m = parse(Fixtures.MODULE.replace("i32 2, i32 4, i32 8, i32 16, i32 0", "i32 27, i32 4, i32 8, i32 1000, i32 0"));
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Maps.class);
        String r = report(ctx, new Maps());
        assertTrue(r.contains("prog.go:10: error: map counters: a ring buffer's MaxEntries"), r);
        assertTrue(r.contains("map counters: a ring buffer has no key or value size"), r);
    }

    @Test
    void aMapTypeTheKernelLacksIsAnErrorAtTheMapsLine() {
        Module m = parse(Fixtures.MODULE.replace("i32 2, i32 4, i32 8, i32 16, i32 0", "i32 34, i32 4, i32 8, i32 16, i32 0"));
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Maps.class);
        String r = report(ctx, new Maps());
        assertTrue(r.contains("prog.go:10: error: map counters: Type 34 is not a map type of the kernel (Linux 6.18 has 1 = hash ... 33 = arena"), r);
    }

    @Test
    void anArrayMapNeedsFourByteKeys() {
        Module m = parse(Fixtures.MODULE.replace("i32 2, i32 4, i32 8, i32 16, i32 0", "i32 2, i32 8, i32 8, i32 16, i32 0"));
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Maps.class);
        String r = report(ctx, new Maps());
        assertTrue(r.contains("map counters: array maps have 4-byte (uint32) keys, got KeySize 8"), r);
    }

    @Test
    @Tag("tinygo")
    void aTypedLpmTrieKeepsItsKeyAndValueTypesAndFlags() {
        Module m = PassHarness.tinygoIr("lpm-trie");
        TransformContext ctx = context(m, PassHarness.sections("lpm-trie"));
        runBefore(ctx, Maps.class);
        run(ctx, new Maps());
        GlobalVar classes = m.globalVar("classes");
        MetadataDef def = m.metadata(ctx.debug().globalVariable(classes).refField("type"));
        assertEquals(List.of("type", "max_entries", "map_flags", "key", "value"), memberNames(m, def));
        accepted(m);
    }

    @Test
    @Tag("llvm")
    void inLinkModeCDataIsNotTakenForAGoMap() {
        TransformContext ctx = LinkFixtures.libraryBefore(Maps.class);
        Module m = ctx.module();
        String shape = m.globalVar("shape").text(), hits = m.globalVar("hits").text();
        run(ctx, new Maps());
        assertEquals(shape, m.globalVar("shape").text(), "a C struct with Type and MaxEntries fields is data, not a map definition");
        assertEquals(hits, m.globalVar("hits").text(), "clang's .maps definitions are libbpf's already");
        accepted(m);
    }
}
