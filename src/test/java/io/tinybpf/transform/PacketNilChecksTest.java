package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Value;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class PacketNilChecksTest {
    private static long nilChecks(Module m, String fn) {
        return m.function(fn).allLines().stream().map(BodyLine::inst)
                .filter(i -> i instanceof Inst.ICmp c && c.lhs().type().isPtr() && Value.NULL.equals(c.rhs().value())).count();
    }

    @Test
    void nilChecksOnHeadersMadeWithUnsafeAddGo() {
        Module m = PassHarness.bench("xdp_unsafe_add");
        TransformContext ctx = context(m, PassHarness.benchSections("xdp_unsafe_add"));
        runBefore(ctx, PacketNilChecks.class);
        long before = nilChecks(m, "xdp_unsafe_add");
        assertTrue(before >= 2, "TinyGo checks the IPv4 and the port headers:\n" + m.function("xdp_unsafe_add").text());
        run(ctx, new PacketNilChecks());
        // what is left checks the context parameter, which is not a packet pointer (opt drops it: nonnull)
        assertTrue(nilChecks(m, "xdp_unsafe_add") <= 1, m.print());
        accepted(m);
        Module with = PassHarness.optimized(PassHarness.bench("xdp_unsafe_add"), PassHarness.benchSections("xdp_unsafe_add"));
        assertEquals(0, nilChecks(with, "xdp_unsafe_add"), with.print());
        assertFalse(with.print().contains("@tinybpf.panic()"), "no panic path is left:\n" + with.print());
        accepted(with);
        Map<String, Long> a = PassHarness.instructions(PassHarness.optimizedWithout("xdp_unsafe_add", PacketNilChecks.class));
        Map<String, Long> b = PassHarness.instructions(with);
        assertTrue(b.get("xdp_unsafe_add") <= a.get("xdp_unsafe_add") - 4, a + " -> " + b);
    }

    @Test
    void aMapValueCheckStays() {
        // the map lookup's nil check is the program's own, and the verifier needs it
        Module m = PassHarness.bench("flow_hash");
        TransformContext ctx = context(m, PassHarness.benchSections("flow_hash"));
        runBefore(ctx, PacketNilChecks.class);
        run(ctx, new PacketNilChecks());
        assertTrue(nilChecks(m, "flow_hash") >= 1, m.print());
        accepted(m);
    }
}
