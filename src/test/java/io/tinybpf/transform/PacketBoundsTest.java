package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pass alone on TinyGo's IR of a packet loop written with uintptr bounds checks (the
 * construct packet-loop-uintptr; GoConstructsTest builds the same program, loads it through the
 * verifier and runs it on a UDP packet).
 */
@Tag("tinygo")
class PacketBoundsTest {
    /** TinyGo's IR as it comes out of TinyGo: the pass is an early one, it must see the compares before any optimization. */
    private static Module tinygoIr() {
        try {
            return PassHarness.parse(java.nio.file.Files.readString(io.tinybpf.testing.Examples.tinygoIr(PassHarness.constructDir("packet-loop-uintptr"))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The early passes before this one, in the build's order. */
    private static TransformContext beforeThePass(Module m, String section) {
        return beforeThePass(m, "prog", section);
    }

    private static TransformContext beforeThePass(Module m, String program, String section) {
        TransformContext ctx = context(m, Map.of(program, section));
        for (Pass p : Transformer.earlyPasses()) {
            if (p instanceof PacketBounds) break;
            run(ctx, p);
        }
        return ctx;
    }

    private static Module after(String section) {
        Module m = tinygoIr();
        TransformContext ctx = beforeThePass(m, section);
        run(ctx, new PacketBounds());
        accepted(m);
        return m;
    }

    /** The predicate numbers of the program's llvm.bpf.compare calls. */
    private static List<String> compares(Module m) {
        List<String> out = new ArrayList<>();
        for (BodyLine l : m.function("prog").allLines()) {
            if (l.inst() instanceof Call c && PacketBounds.COMPARE.equals(c.calleeName())) out.add(c.arguments().getFirst().value().toString());
        }
        return out;
    }

    private static int icmpsUgt(Module m) {
        int n = 0;
        for (BodyLine l : m.function("prog").allLines()) if (l.inst() instanceof Inst.ICmp c && c.predicate().equals("ugt")) n++;
        return n;
    }

    @Test
    void aComparisonAgainstDataEndBecomesBpfsOpaqueCompare() {
        Module before = tinygoIr();
        beforeThePass(before, "xdp");
        int ugtBefore = icmpsUgt(before);
        assertTrue(ugtBefore >= 1, "TinyGo's IR compares p+1 > end with icmp ugt");

        Module m = after("xdp");
        // 34 is ICmpInst::ICMP_UGT: llc turns the call back into the very compare Go wrote
        assertEquals(List.of("34"), compares(m), "p+1 > end, kept as written");
        assertEquals(ugtBefore - 1, icmpsUgt(m), "the packet compare is no longer an icmp opt could rewrite; the loop bound stays one");
        assertNotNull(m.function(PacketBounds.COMPARE), "the intrinsic is declared");
    }

    @Test
    void aContextWithoutPacketPointersIsLeftAlone() {
        // the same code as a raw tracepoint: its context's first words are arguments, not data/data_end
        Module m = after("raw_tp/sys_enter");
        assertEquals(List.of(), compares(m));
        assertNull(m.function(PacketBounds.COMPARE), "nothing to declare");
    }

    /** The SDK's Packet.At checks through packetFits, which this pass alone gives its meaning (SdkTest runs the program in the kernel). */
    @Test
    void theSdksBoundsCheckBecomesTheOpaqueCompareInEveryFunction() throws Exception {
        java.nio.file.Path dir = io.tinybpf.testing.Requires.repo().resolve("src/test/resources/io/tinybpf/good/sdk-tcp-options");
        Module m = PassHarness.parse(java.nio.file.Files.readString(io.tinybpf.testing.Examples.tinygoIr(dir)));
        TransformContext ctx = beforeThePass(m, "tcp_mss", "xdp");
        long fits = m.functions().stream().flatMap(f -> f.allLines().stream())
                .filter(l -> l.inst() instanceof Call c && PacketBounds.SDK_FITS.equals(c.calleeName())).count();
        assertTrue(fits >= 1, "At calls packetFits");
        run(ctx, new PacketBounds());
        List<String> preds = new ArrayList<>();
        for (var f : m.functions()) {
            for (BodyLine l : f.allLines()) {
                if (l.inst() instanceof Call c && PacketBounds.SDK_FITS.equals(c.calleeName())) preds.add("left");
                if (l.inst() instanceof Call c && PacketBounds.COMPARE.equals(c.calleeName()) && f.name().endsWith(".At")) {
                    preds.add(c.arguments().getFirst().value().toString());
                }
            }
        }
        assertEquals(List.of("37"), preds, "ule, inside At itself; no call left");
        // LLVM's acceptance and the behaviour: SdkTest builds this fixture and runs its table in the kernel
        // (this early IR still has TinyGo's aggregate returns, which lower-calls removes later)
    }
}
