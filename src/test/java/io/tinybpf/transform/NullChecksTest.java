package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.report;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class NullChecksTest {
    @Test
    void aCheckedLookupAndACheckedReservationPass() {
        for (String c : new String[] {"maps-hash", "maps-ringbuf", "maps-percpu"}) {
            Module m = PassHarness.construct(c);
            TransformContext ctx = context(m, Map.of("prog", "syscall"));
            runBefore(ctx, NullChecks.class);
            String before = m.print();
            run(ctx, new NullChecks());
            assertEquals(before, m.print(), "the check only reads");
            accepted(m);
        }
    }

    @Test
    void anUncheckedDereferenceIsAnErrorAtItsLine() {
        Module m = PassHarness.construct("maps-unchecked-lookup");
        TransformContext ctx = context(m, Map.of("prog", "syscall"), PassHarness.constructDir("maps-unchecked-lookup"));
        runBefore(ctx, NullChecks.class);
        String r = report(ctx, new NullChecks());
        assertTrue(r.contains("main.go:40:2: error: the result of bpf_map_lookup_elem may be nil and is used here without a nil check"), r);
    }
}
