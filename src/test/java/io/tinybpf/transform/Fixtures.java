package io.tinybpf.transform;

/** Modules written the way TinyGo prints them, for pass tests that need a precise input. */
final class Fixtures {
    private Fixtures() {}

    /** One program with a value-form map, a typed ring buffer, a helper, a trap, a heap allocation and runtime leftovers. */
    static final String MODULE = """
            ; ModuleID = 'main'
            source_filename = "main"
            target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
            target triple = "x86_64-unknown-linux-musleabihf"

            %main.bpfMapDef = type { i32, i32, i32, i32, i32 }
            %runtime._string = type { ptr, i64 }

            @main.counters = internal global %main.bpfMapDef { i32 2, i32 4, i32 8, i32 16, i32 0 }, align 4, !dbg !20
            @main.events = internal global { ptr, ptr, ptr } zeroinitializer, align 8, !dbg !40
            @main.hits = internal global i64 0, align 8, !dbg !60
            @.string = private unnamed_addr global [6 x i8] c"0.42.0", align 1
            @runtime.buildVersion = local_unnamed_addr global %runtime._string { ptr @.string, i64 6 }, align 8

            ; Function Attrs: allockind("alloc,zeroed") allocsize(0)
            declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

            define noundef i64 @main(i32 %argc, ptr %argv) local_unnamed_addr #1 {
            entry:
              ret i64 0
            }

            ; Function Attrs: nounwind
            define internal i32 @main.helper(i32 %x, ptr %context) unnamed_addr #1 !dbg !80 {
            entry:
              %0 = add i32 %x, 1, !dbg !84
              ret i32 %0, !dbg !84
            }

            ; Function Attrs: nounwind
            define i32 @prog(ptr %ctx) local_unnamed_addr #1 !dbg !70 {
            entry:
                #dbg_value(ptr %ctx, !73, !DIExpression(), !75)
              %key = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #2, !dbg !75
              %0 = call ptr @main.bpfMapLookupElem(ptr nonnull @main.counters, ptr nonnull %key, ptr undef) #2, !dbg !76
              %1 = icmp eq ptr %0, null, !dbg !76
              br i1 %1, label %trap, label %ok, !dbg !76

            trap:
              call void @llvm.trap(), !dbg !77
              unreachable, !dbg !77

            ok:
              %2 = call i64 @main.bpfGetCurrentPidTgid(ptr undef) #2, !dbg !78
              %3 = load i64, ptr %0, align 8, !dbg !78
              %4 = add i64 %3, %2, !dbg !78
              store i64 %4, ptr %0, align 8, !dbg !78
              %5 = call i32 @main.helper(i32 1, ptr undef), !dbg !78
              %6 = call i64 @main.bpfRingbufOutput(ptr nonnull @main.events, ptr nonnull %key, i64 4, i64 0, ptr undef) #2, !dbg !79
              ret i32 0, !dbg !79
            }

            declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr) local_unnamed_addr #1
            declare i64 @main.bpfGetCurrentPidTgid(ptr) local_unnamed_addr #1
            declare i64 @main.bpfRingbufOutput(ptr, ptr, i64, i64, ptr) local_unnamed_addr #1
            declare void @llvm.trap() #3

            attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" }
            attributes #1 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8" }
            attributes #2 = { nounwind }
            attributes #3 = { cold noreturn nounwind memory(inaccessiblemem: write) }

            !llvm.dbg.cu = !{!1, !2}
            !llvm.module.flags = !{!3, !4}

            !1 = distinct !DICompileUnit(language: DW_LANG_C99, file: !5, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !6)
            !2 = distinct !DICompileUnit(language: DW_LANG_C99, file: !5, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
            !3 = !{i32 2, !"Debug Info Version", i32 3}
            !4 = !{i32 7, !"Dwarf Version", i32 4}
            !5 = !DIFile(filename: "<unknown>", directory: "")
            !6 = !{!20, !40, !60}
            !7 = !DIFile(filename: "prog.go", directory: "/home/user/probe")
            !8 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
            !9 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
            !20 = !DIGlobalVariableExpression(var: !21, expr: !DIExpression())
            !21 = distinct !DIGlobalVariable(name: "main.counters", linkageName: "main.counters", scope: !7, file: !7, line: 10, type: !22, isLocal: true, isDefinition: true, align: 32)
            !22 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.bpfMapDef", baseType: !23)
            !23 = !DICompositeType(tag: DW_TAG_structure_type, size: 160, align: 32, elements: !24)
            !24 = !{!25, !26, !27, !28, !29}
            !25 = !DIDerivedType(tag: DW_TAG_member, name: "Type", baseType: !8, size: 32, align: 32)
            !26 = !DIDerivedType(tag: DW_TAG_member, name: "KeySize", baseType: !8, size: 32, align: 32, offset: 32)
            !27 = !DIDerivedType(tag: DW_TAG_member, name: "ValueSize", baseType: !8, size: 32, align: 32, offset: 64)
            !28 = !DIDerivedType(tag: DW_TAG_member, name: "MaxEntries", baseType: !8, size: 32, align: 32, offset: 96)
            !29 = !DIDerivedType(tag: DW_TAG_member, name: "MapFlags", baseType: !8, size: 32, align: 32, offset: 128)
            !40 = !DIGlobalVariableExpression(var: !41, expr: !DIExpression())
            !41 = distinct !DIGlobalVariable(name: "main.events", linkageName: "main.events", scope: !7, file: !7, line: 12, type: !42, isLocal: true, isDefinition: true, align: 64)
            !42 = !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 64, elements: !43)
            !43 = !{!44, !45, !46}
            !44 = !DIDerivedType(tag: DW_TAG_member, name: "Type", baseType: !47, size: 64, align: 64)
            !45 = !DIDerivedType(tag: DW_TAG_member, name: "MaxEntries", baseType: !50, size: 64, align: 64, offset: 64)
            !46 = !DIDerivedType(tag: DW_TAG_member, name: "Event", baseType: !53, size: 64, align: 64, offset: 128)
            !47 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !48, size: 64, align: 64, dwarfAddressSpace: 0)
            !48 = !DICompositeType(tag: DW_TAG_array_type, baseType: !9, size: 864, align: 32, elements: !49)
            !49 = !{!DISubrange(count: 27, lowerBound: 0)}
            !50 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !51, size: 64, align: 64, dwarfAddressSpace: 0)
            !51 = !DICompositeType(tag: DW_TAG_array_type, baseType: !9, size: 131072, align: 32, elements: !52)
            !52 = !{!DISubrange(count: 4096, lowerBound: 0)}
            !53 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "*main.event", baseType: !54, size: 64, align: 64, dwarfAddressSpace: 0)
            !54 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.event", baseType: !55)
            !55 = !DICompositeType(tag: DW_TAG_structure_type, size: 32, align: 32, elements: !56)
            !56 = !{!57}
            !57 = !DIDerivedType(tag: DW_TAG_member, name: "Key", baseType: !8, size: 32, align: 32)
            !60 = !DIGlobalVariableExpression(var: !61, expr: !DIExpression())
            !61 = distinct !DIGlobalVariable(name: "main.hits", linkageName: "main.hits", scope: !7, file: !7, line: 14, type: !62, isLocal: true, isDefinition: true, align: 64)
            !62 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
            !70 = distinct !DISubprogram(name: "main.prog", linkageName: "prog", scope: !7, file: !7, line: 20, type: !71, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1, retainedNodes: !72)
            !71 = !DISubroutineType(types: !81)
            !72 = !{!73}
            !73 = !DILocalVariable(name: "ctx", arg: 1, scope: !70, file: !7, line: 20, type: !74)
            !74 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "unsafe.Pointer", baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
            !75 = !DILocation(line: 21, column: 6, scope: !70)
            !76 = !DILocation(line: 22, column: 9, scope: !70)
            !77 = !DILocation(line: 23, column: 3, scope: !70)
            !78 = !DILocation(line: 24, column: 3, scope: !70)
            !79 = !DILocation(line: 25, column: 3, scope: !70)
            !80 = distinct !DISubprogram(name: "main.helper", linkageName: "main.helper", scope: !7, file: !7, line: 30, type: !71, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1)
            !81 = !{!9, !74}
            !84 = !DILocation(line: 31, column: 2, scope: !80)
            """;
}
