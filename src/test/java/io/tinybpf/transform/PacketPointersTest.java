package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class PacketPointersTest {
    @Test
    void aPacketLoopBecomesPointerArithmeticAndLlcEmitsTheTightLoop() {
        Module m = PassHarness.optimized(PassHarness.bench("pkt_loop"), PassHarness.benchSections("pkt_loop"));
        Map<String, Long> before = PassHarness.instructions(m);
        assertTrue(m.print().contains("@llvm.bpf.compare"), "opt kept the bounds check opaque:\n" + m.print());

        assertTrue(PacketPointers.rewrite(m, PassHarness.benchSections("pkt_loop")));
        var lines = m.function("pkt_loop").allLines();
        assertFalse(lines.stream().anyMatch(l -> l.inst() instanceof Inst.Cast c && c.opcode().equals("inttoptr")
                && !l.result().endsWith(".ptr")), "loads go through the packet pointer, not an integer:\n" + m.print());
        assertTrue(lines.stream().map(BodyLine::inst).anyMatch(i -> i instanceof Inst.ICmp c && c.lhs().type().isPtr()),
                "the bounds check compares pointers:\n" + m.print());
        accepted(m);
        Map<String, Long> after = PassHarness.instructions(m);
        assertTrue(after.get("pkt_loop") <= before.get("pkt_loop") - 4, before + " -> " + after);
        assertFalse(PacketPointers.rewrite(m, PassHarness.benchSections("pkt_loop")), "a second run finds nothing");
    }

    @Test
    void aProgramWithoutPacketAccessIsLeftAlone() {
        Module m = PassHarness.optimized(PassHarness.bench("struct_eq"), PassHarness.benchSections("struct_eq"));
        String before = m.print();
        assertFalse(PacketPointers.rewrite(m, PassHarness.benchSections("struct_eq")));
        assertEquals(before, m.print());
    }
}
