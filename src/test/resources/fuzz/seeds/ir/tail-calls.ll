; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@jumpTable = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !22
@_license = global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @dispatch(ptr nonnull captures(none) %ctx) local_unnamed_addr #3 section "xdp" !dbg !2035 {
entry:
    #dbg_value(ptr %ctx, !2039, !DIExpression(), !2040)
    #dbg_value(ptr %ctx, !2039, !DIExpression(), !2041)
  %0 = call i64 inttoptr (i64 12 to ptr)(ptr %ctx, ptr nonnull @jumpTable, i32 0) #7, !dbg !2042
  ret i32 2, !dbg !2043
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable(sync)
define noundef i32 @handle_drop(ptr nonnull readnone captures(none) %ctx) local_unnamed_addr #2 section "xdp" !dbg !2044 {
entry:
    #dbg_value(ptr %ctx, !2046, !DIExpression(), !2047)
  ret i32 1, !dbg !2048
}

attributes #2 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) }
attributes #3 = { nounwind }
attributes #7 = { nounwind }

!llvm.dbg.cu = !{!1712}
!llvm.ident = !{!1715}
!llvm.module.flags = !{!1716, !1717}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!22 = !DIGlobalVariableExpression(var: !23, expr: !DIExpression())
!23 = distinct !DIGlobalVariable(name: "jumpTable", scope: !24, file: !24, line: 17, type: !2054, isLocal: false, isDefinition: true, align: 64)
!24 = !DIFile(filename: "tailcall.go", directory: ".")
!28 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !29, size: 64, align: 64, dwarfAddressSpace: 0)
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 96, align: 32, elements: !31)
!30 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!31 = !{!32}
!32 = !DISubrange(count: 3, lowerBound: 0)
!34 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !35, size: 64, align: 64, dwarfAddressSpace: 0)
!35 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 128, align: 32, elements: !36)
!36 = !{!37}
!37 = !DISubrange(count: 4, lowerBound: 0)
!41 = !DIFile(filename: "<unknown>", directory: "")
!1712 = distinct !DICompileUnit(language: DW_LANG_C99, file: !41, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !1713)
!1713 = !{!22}
!1715 = !{!"TinyGo version 0.42.0"}
!1716 = !{i32 2, !"Debug Info Version", i32 3}
!1717 = !{i32 7, !"Dwarf Version", i32 4}
!2035 = distinct !DISubprogram(name: "dispatch", scope: !24, file: !24, line: 27, type: !2057, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1712, retainedNodes: !2038)
!2038 = !{!2039}
!2039 = !DILocalVariable(name: "ctx", arg: 1, scope: !2035, file: !24, line: 27, type: !4)
!2040 = !DILocation(line: 27, column: 6, scope: !2035)
!2041 = !DILocation(line: 28, column: 14, scope: !2035)
!2042 = !DILocation(line: 28, column: 13, scope: !2035)
!2043 = !DILocation(line: 29, column: 2, scope: !2035)
!2044 = distinct !DISubprogram(name: "handle_drop", scope: !24, file: !24, line: 33, type: !2059, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1712, retainedNodes: !2045)
!2045 = !{!2046}
!2046 = !DILocalVariable(name: "ctx", arg: 1, scope: !2044, file: !24, line: 33, type: !4)
!2047 = !DILocation(line: 33, column: 6, scope: !2044)
!2048 = !DILocation(line: 34, column: 2, scope: !2044)
!2049 = !DIDerivedType(tag: DW_TAG_member, name: "type", baseType: !28, size: 64, align: 64)
!2050 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", baseType: !34, size: 64, align: 64, offset: 64)
!2051 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", baseType: !34, size: 64, align: 64, offset: 128)
!2052 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", baseType: !34, size: 64, align: 64, offset: 192)
!2053 = !{!2049, !2050, !2051, !2052}
!2054 = distinct !DICompositeType(tag: DW_TAG_structure_type, size: 256, align: 64, elements: !2053)
!2055 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2056 = !{!2055, !4}
!2057 = !DISubroutineType(types: !2056)
!2058 = !{!2055, !4}
!2059 = !DISubroutineType(types: !2058)
