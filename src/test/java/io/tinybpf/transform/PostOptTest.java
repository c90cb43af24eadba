package io.tinybpf.transform;

import static io.tinybpf.transform.PassHarness.accepted;
import static io.tinybpf.transform.PassHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Reporter;
import io.tinybpf.ir.Inst;
import io.tinybpf.ir.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostOptTest {
    private static final String OPTIMIZED = """
            target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
            target triple = "bpf"

            define i32 @prog(ptr %ctx) section "xdp" !dbg !10 {
            entry:
              %buf = alloca [%N x i8], align 8
              %p = load ptr, ptr %ctx, align 8
              %nil = icmp eq ptr %p, null
              br i1 %nil, label %panic, label %ok

            panic:
              call void @tinybpf.panic(), !dbg !14
              ret i32 0, !dbg !14

            ok:
              %v = load i32, ptr %p, align 4
              ret i32 %v

            dead:
              unreachable
            }

            declare void @tinybpf.panic()

            !llvm.dbg.cu = !{!1}
            !llvm.module.flags = !{!3}
            !1 = distinct !DICompileUnit(language: DW_LANG_C99, file: !2, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
            !2 = !DIFile(filename: "prog.go", directory: "/home/user/probe")
            !3 = !{i32 2, !"Debug Info Version", i32 3}
            !10 = distinct !DISubprogram(name: "prog", scope: !2, file: !2, line: 20, type: !11, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1)
            !11 = !DISubroutineType(types: !12)
            !12 = !{null}
            !14 = !DILocation(line: 23, column: 7, scope: !10)
            """;

    private static PostOpt.Result postOpt(Module m, List<Diagnostic> warnings, List<Diagnostic> errors) {
        return PostOpt.run(m, Map.of("prog", "xdp"), PassHarness.SOURCE_ROOT, new Reporter(warnings::add), errors, true);
    }

    @Test
    void aSurvivingPanicMarkerIsReportedAtItsGoLineAndRemoved() {
        Module m = parse(OPTIMIZED.replace("%N", "16"));
        List<Diagnostic> warnings = new ArrayList<>(), errors = new ArrayList<>();
        PostOpt.Result r = postOpt(m, warnings, errors);
        assertEquals(List.of("prog.go:23:7"), r.panicPaths());
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().message().startsWith("reachable panic path"), warnings.toString());
        assertNull(m.function(PanicPaths.MARKER), "the marker declaration goes with its calls");
        assertTrue(m.function("prog").allLines().stream().noneMatch(l -> l.inst() instanceof Inst.Unreachable),
                "a bare unreachable becomes the safe return");
        assertEquals(List.of(), errors);
        accepted(m);
    }

    @Test
    void stackBeyondTheBpfLimitIsAnError() {
        Module m = parse(OPTIMIZED.replace("%N", "600"));
        List<Diagnostic> errors = new ArrayList<>();
        postOpt(m, new ArrayList<>(), errors);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().message().contains("needs about 600 bytes of stack; the BPF limit is 512"), errors.toString());
    }
}
