package io.tinybpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Attribution rules of the verifier profile, on a log in the format Linux 6.18 prints at level 2. */
class VerifierProfileTest {
    // a loop at insns 3..5 (line 8 and 9) entered twice; the second time pruned at 3; the
    // "Live regs" listing and mark_precise lines mention instructions but are not processing
    static final String LOG = """
            func#0 @0
            Live regs before insn:
                  0: .1........ (b7) r0 = 0
                  3: .1........ (07) r0 += 1
            0: R1=ctx() R10=fp0
            ; x := 0 @ main.go:7
            0: (b7) r0 = 0                        ; R0=0
            1: (61) r2 = *(u32 *)(r1 +0)
            2: (b7) r3 = 0
            ; for i := 0; i < n; i++ { @ main.go:8
            3: (07) r0 += 1
            ; x += i @ main.go:9
            4: (0f) r0 += r3
            mark_precise: frame0: regs=r2 stack= before 3: (07) r0 += 1
            5: (ad) if r3 < r2 goto pc-3
            6: (95) exit

            from 5 to 3: R0=1 R2=5 R3=0
            3: R0=1 R2=5 R3=0
            3: (07) r0 += 1
            4: (0f) r0 += r3
            5: (ad) if r3 < r2 goto pc-3
            from 5 to 3: safe
            3: safe
            processed 12 insns (limit 1000000) max_states_per_insn 1 total_states 2 peak_states 2 mark_read 0
            """;

    @Test
    void everyProcessedInstructionIsChargedToItsLineOnce() {
        VerifierProfile p = VerifierProfile.parse("prog", LOG, false);
        assertEquals(12, p.processedInsns());
        assertEquals(12, p.countedInsns(), "10 instruction lines + 2 pruned = the verifier's figure");
        assertEquals(2, p.states(), "two branches resumed");
        // line 8 (insn 3): processed twice, pruned twice (one "from .. safe", one "3: safe"); line 9: insns 4, 5, 6 and 4, 5 again
        assertEquals(List.of("main.go:9", "main.go:8", "main.go:7"), p.lines().stream().map(VerifierProfile.Line::where).toList());
        assertEquals(List.of(5L, 4L, 3L), p.lines().stream().map(VerifierProfile.Line::insns).toList());
        assertEquals(List.of(0L, 2L, 0L), p.lines().stream().map(VerifierProfile.Line::states).toList());
        assertEquals("for i := 0; i < n; i++ {", p.lines().get(1).source());
    }

    @Test
    void sharesAddUpToExactly100Percent() {
        VerifierProfile p = VerifierProfile.parse("prog", LOG, false);
        List<Integer> s = p.sharesPermille();
        assertEquals(1000, s.stream().mapToInt(Integer::intValue).sum());
        assertEquals(List.of(417, 333, 250), s, "5/12, 4/12, 3/12 rounded by largest remainder");
        // three equal thirds cannot all be 33.3 %: one gets the missing tenth
        VerifierProfile thirds = new VerifierProfile("p", 3, 3, 0, false, List.of(new VerifierProfile.Line("a", 1, "", 1, 0),
                new VerifierProfile.Line("a", 2, "", 1, 0), new VerifierProfile.Line("a", 3, "", 1, 0)));
        assertEquals(List.of(334, 333, 333), thirds.sharesPermille());
    }

    @Test
    void instructionsBeforeAnyLineInfoAreKeptApart() {
        VerifierProfile p = VerifierProfile.parse("prog", "0: (b7) r0 = 0\n1: (95) exit\nprocessed 2 insns\n", false);
        assertEquals(1, p.lines().size());
        assertNull(p.lines().getFirst().file());
        assertEquals("(no line info)", p.lines().getFirst().where());
        assertEquals(2, p.lines().getFirst().insns());
    }
}
