package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class HelperWritesTest {
    @Test
    void aBufferTheHelperFillsIsMarkedInitialized() {
        Module m = PassHarness.bench("skb_load");
        TransformContext ctx = context(m, PassHarness.benchSections("skb_load"));
        runBefore(ctx, HelperWrites.class);
        run(ctx, new HelperWrites());
        String ir = m.print();
        assertTrue(ir.contains("ptr nonnull initializes((0, 20)) captures(none) %ip, i32 20)"), ir);
        assertTrue(ir.contains("initializes((0, 4)) captures(none) %ports, i32 4)"), ir);
        String once = m.print();
        run(ctx, new HelperWrites());
        assertEquals(once, m.print(), "a second run changes nothing");
        accepted(m);
    }

    @Test
    void theZeroingBeforeTheHelperIsGoneAfterOpt() {
        Module without = PassHarness.optimizedWithout("skb_load", HelperWrites.class);
        assertTrue(without.print().contains("@llvm.memset"), "Go zeroes the buffers:\n" + without.print());
        Module with = PassHarness.optimized(PassHarness.bench("skb_load"), PassHarness.benchSections("skb_load"));
        assertFalse(with.print().contains("@llvm.memset"), with.print());
        accepted(with);
        Map<String, Long> a = PassHarness.instructions(without), b = PassHarness.instructions(with);
        assertTrue(b.get("skb_load") <= a.get("skb_load") - 4, a + " -> " + b);
    }

    @Test
    void theTaskNameAndAKernelProbeReadFillTheirBuffers() {
        Module without = PassHarness.optimizedWithout("helpers", HelperWrites.class);
        assertTrue(without.print().contains("@llvm.memset"), without.print());
        Module with = PassHarness.optimized(PassHarness.bench("helpers"), PassHarness.benchSections("helpers"));
        assertFalse(with.print().contains("@llvm.memset"), with.print());
        accepted(with);
    }
}
