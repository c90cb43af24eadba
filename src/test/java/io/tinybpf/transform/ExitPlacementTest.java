package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class ExitPlacementTest {
    private static boolean returns(Function.Block b) {
        return b.terminator() != null && b.terminator().inst() instanceof Inst.Ret;
    }

    @Test
    void returnsMoveBehindTheOtherBlocksAndTheEarlyReturnsBecomeForwardJumps() {
        Module m = PassHarness.optimized(PassHarness.bench("tail_call"), PassHarness.benchSections("tail_call"));
        Function f = m.function("tail_tcp");
        List<Function.Block> blocks = f.blocks();
        assertTrue(returns(blocks.get(1)), "opt put the merged return right after the entry block:\n" + m.print());
        Map<String, Long> before = PassHarness.instructions(m);

        assertTrue(ExitPlacement.place(m));
        List<Function.Block> after = m.function("tail_tcp").blocks();
        assertTrue(returns(after.getLast()), "the return block is last");
        for (Function.Block b : after.subList(0, after.size() - 1)) assertFalse(returns(b), "no return before the last block");
        accepted(m);
        Map<String, Long> placed = PassHarness.instructions(m);
        // the goto back to the mid-function exit is gone
        assertEquals(before.get("tail_tcp") - 1, placed.get("tail_tcp"), before + " -> " + placed);
        assertEquals(before.get("tail_dispatch") - 1, placed.get("tail_dispatch"), before + " -> " + placed);
        assertFalse(ExitPlacement.place(m), "a second run has nothing to move");
    }

    @Test
    void numberedValuesAreNamedSoTheMovedTextStaysValid() {
        // opt's output numbers values and blocks; LLVM wants them defined in text order
        Module m = PassHarness.parse("""
                target triple = "bpf"

                define i32 @prog(i32 %0) {
                  %2 = icmp eq i32 %0, 0
                  br i1 %2, label %3, label %4

                3:
                  ret i32 7

                4:
                  %5 = add i32 %0, 1
                  %6 = icmp ugt i32 %5, 9
                  br i1 %6, label %7, label %8

                7:
                  ret i32 %5

                8:
                  %9 = mul i32 %5, 3
                  br label %3
                }
                """);
        assertTrue(ExitPlacement.place(m));
        List<Function.Block> blocks = m.function("prog").blocks();
        assertTrue(returns(blocks.get(3)) && returns(blocks.get(4)) && !returns(blocks.get(1)) && !returns(blocks.get(2)), m.print());
        accepted(m);
    }
}
