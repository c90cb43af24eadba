package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Operand;
import io.tinybpf.ir.Type;
import io.tinybpf.ir.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelpersTest {
    private static Module helpers(String ir) {
        Module m = parse(ir);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Helpers.class);
        run(ctx, new Helpers());
        return m;
    }

    private static String rejected(String ir) {
        Module m = parse(ir);
        TransformContext ctx = context(m, Map.of("prog", "xdp"));
        runBefore(ctx, Helpers.class);
        return report(ctx, new Helpers());
    }

    private static List<Call> helperCalls(Module m) {
        return m.function("prog").allLines().stream().map(BodyLine::inst)
                .filter(i -> i instanceof Call c && c.callee() instanceof Value.IntToPtr).map(Call.class::cast).toList();
    }

    @Test
    void helpersAreCalledByNumberWithoutTinyGosContextArgument() {
        Module m = helpers(Fixtures.MODULE);
        List<Call> calls = helperCalls(m);
        assertEquals(List.of(1L, 14L, 130L), calls.stream().map(c -> ((Value.IntToPtr) c.callee()).value()).toList(),
                "bpf_map_lookup_elem, bpf_get_current_pid_tgid, bpf_ringbuf_output");
        assertEquals(List.of(new Operand(Type.PTR, List.of("nonnull"), Value.global("main.counters")),
                new Operand(Type.PTR, List.of("nonnull"), Value.local("key"))), calls.get(0).arguments());
        assertEquals(List.of(), calls.get(1).arguments());
        assertEquals(4, calls.get(2).arguments().size());
        accepted(m);
    }

    @Test
    void anUnknownHelperGetsASuggestionAtItsGoLine() {
        String r = rejected(Fixtures.MODULE.replace("@main.bpfGetCurrentPidTgid(ptr undef)", "@main.bpfGetCurrentPidTgidd(ptr undef)")
                .replace("declare i64 @main.bpfGetCurrentPidTgid(ptr)", "declare i64 @main.bpfGetCurrentPidTgidd(ptr)"));
        assertTrue(r.contains("prog.go:24:3: error: unknown BPF helper bpfGetCurrentPidTgidd (did you mean bpfGetCurrentPidTgid?)"), r);
    }

    @Test
    void theArityIsChecked() {
        String r = rejected(Fixtures.MODULE.replace("@main.bpfGetCurrentPidTgid(ptr undef)", "@main.bpfGetCurrentPidTgid(i32 1, ptr undef)"));
        assertTrue(r.contains("bpfGetCurrentPidTgid is declared with 1 parameter(s) but bpf_get_current_pid_tgid takes 0"), r);
    }

    @Test
    void aHelperUsedAsAValueIsAnError() {
        String r = rejected(Fixtures.MODULE.replace("%4 = add i64 %3, %2, !dbg !78",
                "%4 = add i64 %3, %2, !dbg !78\n  store ptr @main.bpfGetCurrentPidTgid, ptr %key, align 8, !dbg !78"));
        assertTrue(r.contains("helper bpfGetCurrentPidTgid is used as a value; BPF helpers can only be called"), r);
    }
}
