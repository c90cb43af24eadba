package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static io.tinybpf.transform.PassHarness.sections;
import static io.tinybpf.transform.PassHarness.tinygoIr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The SDK's generic map variables, from TinyGo's IR of an SDK example, lowered to the typed form. */
@Tag("tinygo")
@Tag("llvm")
class SdkMapsTest {
    static List<String> memberNames(Module m, MetadataDef def) {
        return m.metadata(def.refField("elements")).elementRefs().stream().map(id -> m.metadata(id).stringField("name")).toList();
    }

    @Test
    void aHashMapVariableBecomesTheTypedFormWithItsParameters() {
        Module m = tinygoIr("xdp-blocklist");
        TransformContext ctx = context(m, sections("xdp-blocklist"));
        runBefore(ctx, SdkMaps.class);
        GlobalVar g = m.globalVar("main.blocklist");
        assertTrue(g.initializerValue() instanceof Value.Aggregate, "before: the SDK struct with MaxEntries 1024: " + g.initializer());
        run(ctx, new SdkMaps());
        assertEquals(new Type.Struct(List.of(Type.PTR, Type.PTR, Type.PTR, Type.PTR), false), g.type());
        assertEquals(Value.ZERO, g.initializerValue());
        MetadataDef def = ctx.debug().stripTypedefs(ctx.debug().globalVariable(g).refField("type"));
        assertEquals(List.of("Type", "MaxEntries", "Key", "Value"), memberNames(m, def));
        MetadataDef max = m.metadata(m.metadata(def.refField("elements")).elementRefs().get(1));
        assertEquals(1024, Maps.arrayCount(ctx.debug(), max.refField("baseType")), "MaxEntries *[1024]int32");
        run(ctx, new Maps());
        MetadataDef libbpf = m.metadata(ctx.debug().globalVariable(m.globalVar("blocklist")).refField("type"));
        assertEquals(List.of("type", "max_entries", "key", "value"), memberNames(m, libbpf));
        accepted(m);
    }

    @Test
    void aMissingSizeIsAnErrorAtTheVariablesLine() {
        String ir = tinygoIr("xdp-blocklist").print();
        Module m = parse(ir.replace("{ i32 1024, i32 0, i32 0,", "{ i32 0, i32 0, i32 0,"));
        TransformContext ctx = context(m, sections("xdp-blocklist"));
        runBefore(ctx, SdkMaps.class);
        run(ctx, new SdkMaps());
        String r = report(ctx, new Maps());
        assertTrue(r.contains("xdp.go:9: error: map blocklist: MaxEntries must be greater than 0"), r);
    }
}
