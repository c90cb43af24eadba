package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pass alone on the IR of two constructs of the Go matrix (GoConstructsTest builds both: the
 * first runs in the kernel on three inputs, the second is an error at its Go line).
 */
@Tag("tinygo")
class BoundedCopiesTest {
    /** The memory intrinsics of run-time length left in {@code prog}. */
    private static List<String> runtimeLengthCopies(Module m) {
        List<String> out = new ArrayList<>();
        for (BodyLine l : m.function("prog").allLines()) {
            if (l.inst() instanceof Call c && c.calleeName() != null && (c.calleeName().startsWith("llvm.memcpy.")
                    || c.calleeName().startsWith("llvm.memmove.")) && c.arguments().get(2).local() != null) {
                out.add(c.calleeName().substring(5, 12));
            }
        }
        return out;
    }

    private static Module before(String construct) {
        Module m = PassHarness.construct(construct);
        TransformContext ctx = context(m, Map.of("prog", "syscall"));
        runBefore(ctx, BoundedCopies.class);
        return m;
    }

    @Test
    void copiesBetweenLocalArraysBecomeByteLoops() {
        Module m = before("data-copy-runtime-length");
        assertEquals(List.of("memmove", "memcpy."), runtimeLengthCopies(m), "copy(out[:], ...) moves, string(buf[1:1+n]) copies");
        int blocks = m.function("prog").blocks().size();
        run(context(m, Map.of("prog", "syscall")), new BoundedCopies());
        accepted(m);
        assertEquals(List.of(), runtimeLengthCopies(m));
        Function f = m.function("prog");
        assertEquals(blocks + 6, f.blocks().size(), "head, body and exit for each copy");
        assertTrue(f.blocks().stream().anyMatch(b -> b.name() != null && b.name().startsWith("copy.head")));
    }

    @Test
    void aMoveThatMayOverlapIsLeftForPostOptToReport() {
        Module m = before("data-copy-overlapping");
        assertEquals(List.of("memmove"), runtimeLengthCopies(m));
        run(context(m, Map.of("prog", "syscall")), new BoundedCopies());
        assertEquals(List.of("memmove"), runtimeLengthCopies(m), "a forward loop would smear buf[0] over the shifted bytes");
    }
}
