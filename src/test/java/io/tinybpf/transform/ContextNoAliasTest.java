package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class ContextNoAliasTest {
    @Test
    void theContextParameterBecomesNoaliasOnce() {
        Module m = PassHarness.bench("map_array");
        TransformContext ctx = context(m, PassHarness.benchSections("map_array"));
        runBefore(ctx, ContextNoAlias.class);
        run(ctx, new ContextNoAlias());
        assertTrue(m.function("map_array").params().getFirst().attributes().contains("noalias"), m.function("map_array").text());
        String once = m.print();
        run(ctx, new ContextNoAlias());
        assertEquals(once, m.print(), "a second run changes nothing");
        accepted(m);
    }

    @Test
    void aContextFieldIsLoadedOnceAcrossMapValueAndGlobalStores() {
        for (String bench : new String[] {"map_array", "globals"}) {
            Map<String, Long> without = PassHarness.instructions(PassHarness.optimizedWithout(bench, ContextNoAlias.class));
            Module with = PassHarness.optimized(PassHarness.bench(bench), PassHarness.benchSections(bench));
            accepted(with);
            Map<String, Long> counts = PassHarness.instructions(with);
            // one load of the context field fewer
            assertEquals(without.get(bench) - 1, counts.get(bench), bench + ": " + without + " -> " + counts);
        }
    }
}
