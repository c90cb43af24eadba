package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.AttributeGroup;
import io.tinybpf.ir.HeaderLine;
import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetargetTest {
    @Test
    void hostTripleLayoutAndCodegenAttributesGiveWayToBpf() {
        Module m = parse(Fixtures.MODULE);
        run(context(m, Map.of()), new Retarget());
        assertEquals("bpf", m.header(HeaderLine.Kind.TRIPLE).value());
        assertEquals(Retarget.DATALAYOUT, m.header(HeaderLine.Kind.DATALAYOUT).value());
        for (int id : new int[] {0, 1}) {
            for (String a : m.attributeGroup(id).attributes()) {
                assertFalse(Retarget.isHostAttribute(a), "host attribute left in #" + id + ": " + a);
            }
        }
        assertTrue(m.attributeGroup(1).attributes().contains("nounwind"), "target-independent attributes stay");
        accepted(m);
    }

    @Test
    void missingHeadersAreInserted() {
        Module m = parse("source_filename = \"x\"\n\ndefine i32 @f() {\n  ret i32 0\n}\n");
        run(context(m, Map.of()), new Retarget());
        String out = m.print();
        assertTrue(out.startsWith("source_filename = \"x\"\ntarget datalayout = \"" + Retarget.DATALAYOUT + "\"\ntarget triple = \"bpf\"\n"), out);
        accepted(m);
    }

    @Test
    void anEmptiedAttributeGroupStaysValid() {
        Module m = parse(Fixtures.MODULE);
        run(context(m, Map.of()), new Retarget());
        AttributeGroup alloc = m.attributeGroup(0);
        assertEquals(java.util.List.of("nounwind"), alloc.attributes(), "LLVM rejects an empty group");
        accepted(m);
    }
}
