package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class CleanupTest {
    @Test
    void whatNothingUsesIsRemoved() {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Cleanup.class);
        assertNotNull(m.function("main.bpfMapLookupElem"), "helper stubs are still declared before cleanup");
        run(ctx, new Cleanup());
        for (Function f : m.functions()) {
            assertTrue(!f.isDeclaration() || !io.tinybpf.ir.Module.globalRefs(f).isEmpty() || isUsed(m, f.name()), "unused declaration: " + f.name());
        }
        assertNull(m.function("main.bpfMapLookupElem"), "called by number now: the stub is dead");
        assertNull(m.attributeGroup(0), "the allocator's attribute group went with runtime.alloc");
        assertEquals(List.of(1), m.namedMetadata("llvm.dbg.cu").refs(), "the unused compile unit goes");
        assertNull(m.metadata(62), "debug info of dropped globals goes");
        accepted(m);
    }

    private static boolean isUsed(Module m, String name) {
        for (Function f : m.functions()) if (Module.globalRefs(f).contains(name)) return true;
        return false;
    }

    @Test
    @Tag("tinygo")
    void aRealModuleShrinksToItsProgram() {
        Module m = PassHarness.tinygoIr("xdp-blocklist");
        int before = m.print().length();
        TransformContext ctx = context(m, PassHarness.sections("xdp-blocklist"));
        runBefore(ctx, Cleanup.class);
        run(ctx, new Cleanup());
        for (var d : m.metadataDefs()) {
            String file = d.kind().equals("DIFile") ? d.stringField("filename") : null;
            assertTrue(file == null || !file.contains("/src/runtime/"), "runtime debug info left: " + d.text());
        }
        assertTrue(m.print().length() < before / 4, before + " → " + m.print().length());
        accepted(m);
    }

    @Test
    @Tag("llvm")
    void inLinkModeCGlobalsAndEnumsStay() {
        TransformContext ctx = LinkFixtures.libraryBefore(Cleanup.class);
        Module m = ctx.module();
        run(ctx, new Cleanup());
        assertNotNull(m.globalVar("unused_knob"), "an external C global no program uses: a loader may set it");
        assertNotNull(m.globalVar("config"), "a map only userspace uses");
        int cu = m.namedMetadata("llvm.dbg.cu").refs().getFirst();
        assertNotNull(m.metadata(cu).field("enums"), "clang's enum list is the program's, not a runtime's");
        accepted(m);
    }
}
