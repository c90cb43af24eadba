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
import io.tinybpf.ir.Function;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Type;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("tinygo")
class CoReTest {
    private static Module fixture(String name, Map<String, String> sections) throws IOException {
        Path dir = Requires.repo().resolve("src/test/resources/io/tinybpf/good/" + name);
        return PassHarness.prepared(Examples.tinygoIr(dir), sections);
    }

    private static List<Call> accessChain(Function f) {
        return f.allLines().stream().map(BodyLine::inst).filter(i -> i instanceof Call c && c.calleeName() != null
                && c.calleeName().startsWith("llvm.preserve.struct.access.index")).map(Call.class::cast).toList();
    }

    @Test
    void aPointerFieldLoadIsRelocatedWithItsEightBytes() throws IOException {
        Module m = fixture("core-pointer-field", Map.of("parent_tgid", "raw_tracepoint/sys_enter"));
        TransformContext ctx = context(m, Map.of("parent_tgid", "raw_tracepoint/sys_enter"));
        runBefore(ctx, CoRe.class);
        run(ctx, new CoRe());
        Function f = m.function("parent_tgid");
        List<Call> chain = accessChain(f);
        assertEquals(2, chain.size(), "task->real_parent, then parent->tgid");
        // the access names the kernel's field: member 1 of the private task_struct copy
        assertEquals(1L, chain.get(0).arguments().get(2).value().intValue(), "debug-info index of real_parent");
        MetadataDef copy = m.metadata(chain.get(0).line().attachment("llvm.preserve.access.index"));
        assertEquals("task_struct", copy.stringField("name"));
        // every load through the kernel pointer now reads the relocated address
        for (BodyLine l : f.allLines()) {
            if (l.inst() instanceof Inst.Load load && load.type().equals(Type.PTR) && !load.pointer().value().isLocal()) {
                throw new AssertionError("unrelocated pointer load: " + l.text());
            }
        }
        accepted(m);
    }

    @Test
    void probeReadsOfNestedFieldsRelocateTheLeaf() throws IOException {
        Module m = fixture("core-nested", Map.of("read_nested", "syscall"));
        TransformContext ctx = context(m, Map.of("read_nested", "syscall"));
        runBefore(ctx, CoRe.class);
        run(ctx, new CoRe());
        List<Call> chain = accessChain(m.function("read_nested"));
        // tgid: one step; se.load.weight: three; se.vruntime: two
        assertEquals(6, chain.size(), chain.toString());
        accepted(m);
    }

    @Test
    void aReadAcrossFieldsIsAnErrorAtItsGoLine() throws IOException {
        Module m = fixture("core-nested", Map.of("read_nested", "syscall"));
        // the 4-byte read of tgid becomes a 6-byte read: no field of task_struct is 6 bytes at offset 0
        for (Function f : m.functions()) {
            for (BodyLine l : f.allLines()) {
                if (l.inst() instanceof Call c && c.calleeName() != null && c.calleeName().endsWith("bpfProbeReadKernel")
                        && Long.valueOf(4).equals(c.arguments().get(1).value().intValue())) {
                    var args = new java.util.ArrayList<>(c.arguments());
                    args.set(1, args.get(1).withValue(io.tinybpf.ir.Value.of(6)));
                    c.setArguments(args);
                }
            }
        }
        TransformContext ctx = context(m, Map.of("read_nested", "syscall"), Requires.repo().resolve("src/test/resources/io/tinybpf/good/core-nested"));
        runBefore(ctx, CoRe.class);
        String r = report(ctx, new CoRe());
        assertTrue(r.contains("main.go:36:") && r.contains("a 6-byte read at byte 0 of struct task_struct does not match field tgid (4 bytes)"), r);
    }
}
