package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.BodyLine;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Type;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class KfuncsTest {
    @Test
    void aKfuncStubBecomesAKsymsExternWithABtfPrototype() {
        Module m = PassHarness.tinygoIr("kfunc-task");
        TransformContext ctx = context(m, PassHarness.sections("kfunc-task"));
        runBefore(ctx, Kfuncs.class);
        run(ctx, new Kfuncs());
        assertNull(m.function("main.bpfKfuncBpfTaskFromPid"));
        Function from = m.function("bpf_task_from_pid");
        assertNotNull(from, "renamed to the kernel's name");
        assertTrue(from.isDeclaration());
        assertEquals(".ksyms", from.section());
        assertEquals(List.of(Type.I32), from.params().stream().map(Function.Param::type).toList(), "TinyGo's context parameter is gone");
        MetadataDef sp = m.metadata(from.attachment("dbg"));
        assertEquals("bpf_task_from_pid", sp.stringField("name"));
        // the prototype's types come from the Go call sites: a pointer to the task struct, not void *
        List<Integer> types = m.metadata(m.metadata(sp.refField("type")).refField("types")).elementRefs();
        assertEquals(2, types.size());
        assertTrue(ctx.debug().pointee(types.get(0)) >= 0, "returns a typed pointer");
        for (Function f : m.functions()) {
            for (BodyLine l : f.allLines()) {
                if (l.inst() instanceof Call c && "bpf_task_release".equals(c.calleeName())) assertEquals(1, c.arguments().size());
            }
        }
        accepted(m);
    }
}
