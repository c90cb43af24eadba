package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tinybpf.ir.Function;
import io.tinybpf.ir.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgramSectionsTest {
    @Test
    void programsGetTheirSectionAndANonNullContext() {
        Module m = parse(Fixtures.MODULE.replace("define i32 @prog(ptr %ctx)", "define i32 @prog(ptr dereferenceable_or_null(24) %ctx)"));
        TransformContext ctx = context(m, Map.of("prog", "tc/ingress"));
        runBefore(ctx, ProgramSections.class);
        run(ctx, new ProgramSections());
        Function prog = m.function("prog");
        assertEquals("tc/ingress", prog.section());
        assertFalse(prog.isInternal());
        assertEquals(List.of("nonnull", "dereferenceable(24)"), prog.params().getFirst().attributes(),
                "the kernel always passes a context, so TinyGo's nil checks on it fold away");
        assertNull(m.function("main.helper").section(), "only programs get sections");
        accepted(m);
    }
}
