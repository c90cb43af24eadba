package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.context;
import static io.tinybpf.transform.PassHarness.run;
import static io.tinybpf.transform.PassHarness.runBefore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.ir.Module;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The callback-contexts pass. Behaviour in the kernel: the maps-loop-callback construct's bpf_loop
 * sums through its callback, and the code benchmark's loop_cb equals its C twin on every input.
 */
class CallbackContextsTest {
    /** bpf_loop (181) given callbacks with a stack context, a nil one, an unknown one, and one also called directly. */
    private static final String IR = """
            target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
            target triple = "bpf"

            define internal i64 @main.stack(i64 %i, ptr %ctx) {
              ret i64 0
            }
            define internal i64 @main.twice(i64 %i, ptr %ctx) {
              ret i64 0
            }
            define internal i64 @main.nil(i64 %i, ptr %ctx) {
              ret i64 0
            }
            define internal i64 @main.unknown(i64 %i, ptr %ctx) {
              ret i64 0
            }
            define internal i64 @main.direct(i64 %i, ptr %ctx) {
              ret i64 0
            }

            define i32 @prog(ptr %c, ptr %p) {
              %a = alloca [8 x i8], align 8
              %b = alloca [8 x i8], align 8
              %1 = call i64 inttoptr (i64 181 to ptr)(i32 4, ptr @main.stack, ptr %a, i64 0)
              %2 = call i64 inttoptr (i64 181 to ptr)(i32 4, ptr @main.twice, ptr %a, i64 0)
              %3 = call i64 inttoptr (i64 181 to ptr)(i32 4, ptr @main.twice, ptr nonnull %b, i64 0)
              %4 = call i64 inttoptr (i64 181 to ptr)(i32 4, ptr @main.nil, ptr null, i64 0)
              %5 = call i64 inttoptr (i64 181 to ptr)(i32 4, ptr @main.unknown, ptr %p, i64 0)
              %6 = call i64 inttoptr (i64 181 to ptr)(i32 4, ptr @main.direct, ptr %a, i64 0)
              %7 = call i64 @main.direct(i64 0, ptr null)
              ret i32 0
            }
            """;

    private static boolean nonnullContext(Module m, String fn) {
        return m.function(fn).params().get(1).attributes().contains("nonnull");
    }

    private static long nilChecks(io.tinybpf.ir.Function f) {
        return f.allLines().stream().filter(l -> l.inst() instanceof io.tinybpf.ir.Inst.ICmp c && c.line().text().contains("ptr %ctx, null")).count();
    }

    @Test
    void onlyCallbacksEveryCallOfWhichPassesAContextGetNonnull() {
        Module m = PassHarness.parse(IR);
        run(context(m, Map.of("prog", "syscall")), new CallbackContexts());
        assertTrue(nonnullContext(m, "main.stack"), m.print());
        assertTrue(nonnullContext(m, "main.twice"), "two calls, both with a stack context:\n" + m.print());
        assertFalse(nonnullContext(m, "main.nil"), "given nil");
        assertFalse(nonnullContext(m, "main.unknown"), "given a pointer nothing says is not nil");
        assertFalse(nonnullContext(m, "main.direct"), "also called directly with nil");
        accepted(m);
        String once = m.print();
        run(context(m, Map.of("prog", "syscall")), new CallbackContexts());
        assertEquals(once, m.print(), "a second run changes nothing");
    }

    @Test
    void linkLeavesAnotherFrontEndsCallbacksAsWritten() {
        Module m = PassHarness.parse(IR);
        run(LinkFixtures.linkContext(m, Map.of("prog", "syscall")), new CallbackContexts());
        assertFalse(nonnullContext(m, "main.stack"), m.print());
    }

    @Tag("tinygo")
    @Test
    void theBenchmarksBpfLoopCallbackLosesItsNilCheck() {
        Module m = PassHarness.bench("bpf_loop");
        TransformContext ctx = context(m, PassHarness.benchSections("bpf_loop"));
        runBefore(ctx, CallbackContexts.class);
        run(ctx, new CallbackContexts());
        assertTrue(nonnullContext(m, "main.square"), m.function("main.square").text());

        Module without = PassHarness.optimizedWithout("bpf_loop", CallbackContexts.class);
        Module with = PassHarness.optimized(PassHarness.bench("bpf_loop"), PassHarness.benchSections("bpf_loop"));
        accepted(with);
        // TinyGo's nil check of (*acc)(ctx), and with it the panic path, gone from the optimized callback
        assertTrue(nilChecks(without.function("main.square")) > 0, without.function("main.square").text());
        assertEquals(0, nilChecks(with.function("main.square")), with.function("main.square").text());
    }
}
