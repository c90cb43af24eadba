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
import io.tinybpf.ir.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class LowerCallsTest {
    private static Module lowered(String construct, String fn) {
        Module m = PassHarness.construct(construct);
        TransformContext ctx = context(m, Map.of("prog", "syscall"));
        runBefore(ctx, LowerCalls.class);
        run(ctx, new LowerCalls());
        accepted(m);
        return m;
    }

    private static Call callTo(Module m, String callee) {
        for (BodyLine l : m.function("prog").allLines()) if (l.inst() instanceof Call c && callee.equals(c.calleeName())) return c;
        throw new AssertionError("no call to " + callee);
    }

    @Test
    void twoResultsComeBackThroughACallerSlot() {
        Module m = lowered("func-noinline-two-results", "main.double");
        Function f = m.function("main.double");
        assertEquals(Type.VOID, f.returnType());
        assertEquals(List.of(Type.PTR, Type.I32), f.params().stream().map(Function.Param::type).toList());
        Call c = callTo(m, "main.double");
        assertEquals("fastcc", c.callingConvention(), "the call keeps the callee's convention");
        assertTrue(m.attributeGroup(f.attributeGroups().getFirst()).attributes().stream().noneMatch(a -> a.startsWith("memory(")),
                "the callee now writes memory: its inferred memory(none) must go");
    }

    @Test
    void sixParametersKeepFourInRegistersAndPackTheRest() {
        Module m = lowered("func-noinline-six-params", "main.sum6");
        Function f = m.function("main.sum6");
        assertEquals(5, f.params().size(), "at most five registers");
        assertEquals(Type.PTR, f.params().getLast().type(), "the rest travel behind one pointer");
        assertEquals(5, callTo(m, "main.sum6").arguments().size());
    }

    @Test
    void anArrayByValueIsCopiedAndPassedByPointer() {
        Module m = lowered("func-noinline-array-param", "main.total");
        assertEquals(List.of(Type.PTR), m.function("main.total").params().stream().map(Function.Param::type).toList());
    }
}
