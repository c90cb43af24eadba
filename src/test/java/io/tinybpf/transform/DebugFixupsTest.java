package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebugFixupsTest {
    private static Module fixed() {
        Module m = parse(Fixtures.MODULE);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, DebugFixups.class);
        run(ctx, new DebugFixups());
        return m;
    }

    @Test
    void aProgramIsAGlobalBtfFunctionNamedLikeItsSymbol() {
        Module m = fixed();
        MetadataDef sp = m.metadata(70);
        assertEquals("prog", sp.stringField("name"));
        assertNull(sp.field("linkageName"));
        assertFalse(sp.flagsField("spFlags").contains("DISPFlagLocalToUnit"), "programs are global BTF functions");
        accepted(m);
    }

    @Test
    void thePrototypeComesFromTheIrSignature() {
        Module m = fixed();
        MetadataDef sp = m.metadata(70);
        List<Integer> types = m.metadata(m.metadata(sp.refField("type")).refField("types")).elementRefs();
        assertEquals(2, types.size(), "int32 prog(void *ctx)");
        assertEquals("int32", m.metadata(types.get(0)).stringField("name"));
        assertEquals(74, types.get(1), "the parameter keeps its Go variable's type");
        accepted(m);
    }

    @Test
    void namesBecomeBtfIdentifiersAndPathsRelative() {
        Module m = fixed();
        assertNull(m.metadata(74).stringField("name"), "BTF pointers are anonymous");
        assertEquals("event", m.metadata(54).stringField("name"), "main.event");
        assertEquals(".", m.metadata(7).stringField("directory"), "the package directory itself");
        assertEquals("pkg_T", DebugFixups.btfName("example.com/x/pkg.T"));
        accepted(m);
    }

    @Test
    @org.junit.jupiter.api.Tag("llvm")
    void inLinkModeClangsDebugInfoIsLeftAsItIs() {
        TransformContext ctx = LinkFixtures.libraryBefore(DebugFixups.class);
        Module m = ctx.module();
        io.tinybpf.ir.Function helper = m.function("used_helper");
        MetadataDef sp = m.metadata(helper.attachment("dbg"));
        String type = sp.field("type");
        run(ctx, new DebugFixups());
        assertEquals(type, m.metadata(helper.attachment("dbg")).field("type"), "clang's prototype (its C types) is kept");
        boolean unsignedInt = false;
        for (MetadataDef d : m.metadataDefs()) unsignedInt |= "DIBasicType".equals(d.kind()) && "unsigned int".equals(d.stringField("name"));
        assertEquals(true, unsignedInt, "C type names stay (BTF allows \"unsigned int\")");
        accepted(m);
    }
}
