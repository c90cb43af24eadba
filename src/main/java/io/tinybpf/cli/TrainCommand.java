package io.tinybpf.cli;

import io.tinybpf.ir.Module;
import io.tinybpf.transform.TransformOptions;
import io.tinybpf.transform.Transformer;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * Hidden: the training run for the JDK AOT cache (scripts/aot-cache). Exercises the code paths a
 * typical build loads — argument parsing, the IR parser, every transform pass — without tools.
 */
final class TrainCommand extends Command {
    private static final String SAMPLE = """
            source_filename = "main"
            target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
            target triple = "x86_64-unknown-linux-musleabihf"

            %main.bpfMapDef = type { i32, i32, i32, i32, i32 }

            @main.counters = internal global %main.bpfMapDef { i32 2, i32 4, i32 8, i32 1, i32 0 }, align 4, !dbg !2

            define i32 @prog(ptr %ctx) #0 !dbg !10 {
            entry:
              %key = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr null, ptr undef) #1, !dbg !12
              %0 = call ptr @main.bpfMapLookupElem(ptr @main.counters, ptr %key, ptr undef) #1, !dbg !12
              %1 = icmp eq ptr %0, null
              br i1 %1, label %trap, label %ok

            trap:
              call void @llvm.trap(), !dbg !12
              unreachable

            ok:
              ret i32 0, !dbg !12
            }

            declare ptr @runtime.alloc(i64, ptr, ptr)
            declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr)
            declare void @llvm.trap()

            attributes #0 = { nounwind "target-cpu"="x86-64" }
            attributes #1 = { nounwind }

            !llvm.dbg.cu = !{!0}
            !llvm.module.flags = !{!20}
            !0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !3)
            !1 = !DIFile(filename: "main.go", directory: "/src")
            !2 = !DIGlobalVariableExpression(var: !4, expr: !DIExpression())
            !3 = !{!2}
            !4 = distinct !DIGlobalVariable(name: "main.counters", linkageName: "main.counters", scope: !1, file: !1, line: 3, type: !5, isLocal: true, isDefinition: true)
            !5 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.bpfMapDef", baseType: !6)
            !6 = !DICompositeType(tag: DW_TAG_structure_type, size: 160, align: 32, elements: !7)
            !7 = !{!8, !14, !15, !16, !17}
            !8 = !DIDerivedType(tag: DW_TAG_member, name: "Type", baseType: !9, size: 32, align: 32)
            !14 = !DIDerivedType(tag: DW_TAG_member, name: "KeySize", baseType: !9, size: 32, align: 32, offset: 32)
            !15 = !DIDerivedType(tag: DW_TAG_member, name: "ValueSize", baseType: !9, size: 32, align: 32, offset: 64)
            !16 = !DIDerivedType(tag: DW_TAG_member, name: "MaxEntries", baseType: !9, size: 32, align: 32, offset: 96)
            !17 = !DIDerivedType(tag: DW_TAG_member, name: "MapFlags", baseType: !9, size: 32, align: 32, offset: 128)
            !9 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
            !10 = distinct !DISubprogram(name: "main.prog", linkageName: "prog", scope: !1, file: !1, line: 5, type: !11, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition, unit: !0)
            !11 = !DISubroutineType(types: !13)
            !12 = !DILocation(line: 6, column: 2, scope: !10)
            !13 = !{}
            !20 = !{i32 2, !"Debug Info Version", i32 3}
            """;

    @Override
    String name() {
        return "__train";
    }

    @Override
    String summary() {
        return "(internal) AOT cache training run.";
    }

    @Override
    String synopsis() {
        return "__train";
    }

    @Override
    int run(ParseResult pr, Io con) throws Exception {
        for (String[] args : List.of(new String[] {"build", "--help"}, new String[] {"link", "--help"}, new String[] {"version"})) {
            Main.run(args, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        }
        warmPath();
        for (int i = 0; i < 20; i++) {
            Module m = Module.parse(SAMPLE);
            Transformer.run(m, new TransformOptions(List.of(), Map.of("prog", "xdp"), "GPL", null));
            m.print();
        }
        return OK;
    }

    /** What an unchanged rebuild runs: tool discovery, source hashing, a cache lookup and write. */
    private static void warmPath() throws Exception {
        java.nio.file.Path dir = io.tinybpf.util.TempDirs.createDirectory("tinybpf-train-");
        try {
            java.nio.file.Files.writeString(dir.resolve("go.mod"), "module train\n\ngo 1.22\n");
            java.nio.file.Files.writeString(dir.resolve("main.go"), "package main\n\nfunc main() {}\n");
            io.tinybpf.pipeline.BuildCache cache = io.tinybpf.pipeline.BuildCache.open(dir.resolve("cache"));
            for (int i = 0; i < 3; i++) {
                String key = new io.tinybpf.pipeline.BuildCache.Key("train").add(Integer.toString(i)).hex();
                cache.put(key, new byte[64], "{}");
                cache.get(key);
            }
            io.tinybpf.toolchain.ToolLocator loc = new io.tinybpf.toolchain.ToolLocator(java.util.Map.of());
            loc.tinygo();
            for (io.tinybpf.toolchain.Tool t : io.tinybpf.toolchain.Tool.values()) if (t.isLlvm()) loc.llvmTool(t, 0, 0);
            io.tinybpf.config.ProjectConfig.find(dir);
            io.tinybpf.pipeline.Pipeline.hashForTraining(dir);
        } finally {
            io.tinybpf.util.AtomicFiles.deleteTree(dir);
        }
    }
}
