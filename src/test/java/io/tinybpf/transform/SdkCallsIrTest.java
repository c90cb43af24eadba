package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.parse;
import static io.tinybpf.transform.PassHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.ir.Call;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.Module;
import io.tinybpf.ir.Value;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bpf.Printk and log.Info in the sdk-logging fixture's IR as the build gives it to the transform
 * (TinyGo's, after the early passes and the pre-transform optimization): the calls become helper calls
 * and a log record, the interface slice and its type codes are gone, and the site table names the
 * call's Go line.
 */
@Tag("tinygo")
@Tag("llvm")
class SdkCallsIrTest {
    static final Path FIXTURE = Requires.repo().resolve("src/test/resources/io/tinybpf/good/sdk-logging");

    static Module tinygoIr(Path tmp) throws Exception {
        Examples.requireToolchain();
        Path dir = FIXTURE;
        Path work = tmp.resolve("work");
        TinyBpf.build(BuildRequest.builder().packageDir(dir).output(tmp.resolve("o.bpf.o")).tmpDir(work)
                .sections(Map.of("on_getppid", "tracepoint/syscalls/sys_enter_getppid"))
                .out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).cache(false).build());
        return PassHarness.prepared(work.resolve("program.ll"), Map.of("on_getppid", "tracepoint/syscalls/sys_enter_getppid"));
    }

    static List<String> callees(Function f) {
        List<String> out = new ArrayList<>();
        for (var l : f.allLines()) if (l.inst() instanceof Call c) out.add(c.callee() instanceof Value.IntToPtr h ? "helper " + h.value() : c.calleeName());
        return out;
    }

    @Test
    void printkAndLogCallsBecomeHelperCallsAndARecord(@TempDir Path tmp) throws Exception {
        Module m = tinygoIr(tmp);
        TransformContext ctx = context(m, Map.of("on_getppid", "tracepoint/syscalls/sys_enter_getppid"), FIXTURE);
        List<Pass> passes = Transformer.passes();
        java.util.function.Function<String, Integer> at = name -> passes.stream().map(Pass::name).toList().indexOf(name);
        for (int i = 0; i < at.apply("sdk-calls"); i++) run(ctx, passes.get(i)); // retarget, panic-paths
        Pass calls = passes.get(at.apply("sdk-calls")), select = passes.get(at.apply("select-programs")), table = passes.get(at.apply("sdk-log-table"));
        run(ctx, calls);
        Function prog = m.function("on_getppid");
        List<String> callees = callees(prog);
        assertFalse(callees.contains(SdkCalls.PRINTK) || callees.contains(SdkCalls.LOG_AT), callees.toString());
        assertTrue(callees.contains("helper 6"), "bpf_trace_printk: " + callees);
        assertTrue(callees.contains("helper 130") && callees.contains("helper 115"), "ring buffer output of the record, its %s copied: " + callees);
        assertFalse(prog.allLines().stream().anyMatch(l -> l.text().contains("reflect/types.type:")),
                "the interface slice's type codes are no longer referenced");
        GlobalVar fmt = m.globalVars().stream().filter(g -> g.name().startsWith("sdk.printk.")).findFirst().orElseThrow();
        assertEquals("getppid by %s tgid %u\0", new String(((Value.Bytes) fmt.initializerValue()).bytes(), StandardCharsets.UTF_8),
                "the Go format translated and NUL-terminated");
        for (int i = at.apply("sdk-calls") + 1; i <= at.apply("sdk-log-table"); i++) run(ctx, passes.get(i));
        String sites = new String(((Value.Bytes) m.globalVar(SdkCalls.LOG_TABLE).initializerValue()).bytes(), StandardCharsets.UTF_8);
        assertTrue(sites.startsWith("tinybpf-log-sites v1\n0\t3\tmain.go:18\ts16,u32,u32,i64\tgetppid by %s (tgid %d, uid %d, big %v)\n"), sites);
        for (int i = at.apply("sdk-log-table") + 1; i < passes.size(); i++) run(ctx, passes.get(i));
        accepted(m);
    }
}
