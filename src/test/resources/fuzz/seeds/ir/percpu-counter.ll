; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@counters = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !22
@_license = global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @count_syscalls(ptr nonnull readnone captures(none) %ctx) local_unnamed_addr #4 section "tracepoint/raw_syscalls/sys_enter" !dbg !2033 {
entry:
  %key = alloca [4 x i8], align 8
    #dbg_value(ptr %ctx, !2037, !DIExpression(), !2040)
  call void @llvm.memset.p0.i64(ptr align 8 %key, i8 0, i64 4, i1 false), !dbg !2041
  %0 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @counters, ptr nonnull %key) #8, !dbg !2042
    #dbg_value(ptr %0, !2038, !DIExpression(), !2043)
    #dbg_value(ptr %0, !2038, !DIExpression(), !2044)
  %.not = icmp eq ptr %0, null, !dbg !2045
  br i1 %.not, label %if.done, label %if.then, !dbg !2046

if.then:                                          ; preds = %entry
    #dbg_value(ptr %0, !2038, !DIExpression(), !2047)
  %1 = load i64, ptr %0, align 8, !dbg !2048
  %2 = add i64 %1, 1, !dbg !2048
  store i64 %2, ptr %0, align 8, !dbg !2048
  br label %if.done, !dbg !2046

if.done:                                          ; preds = %if.then, %entry
  ret i32 0, !dbg !2049
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1 immarg)

attributes #4 = { nounwind }
attributes #8 = { nounwind }

!llvm.dbg.cu = !{!1710}
!llvm.ident = !{!1713}
!llvm.module.flags = !{!1714, !1715}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!22 = !DIGlobalVariableExpression(var: !23, expr: !DIExpression())
!23 = distinct !DIGlobalVariable(name: "counters", scope: !24, file: !24, line: 22, type: !2068, isLocal: false, isDefinition: true, align: 32)
!24 = !DIFile(filename: "counter.go", directory: ".")
!34 = !DIFile(filename: "<unknown>", directory: "")
!564 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
!1710 = distinct !DICompileUnit(language: DW_LANG_C99, file: !34, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !1711)
!1711 = !{!22}
!1713 = !{!"TinyGo version 0.42.0"}
!1714 = !{i32 2, !"Debug Info Version", i32 3}
!1715 = !{i32 7, !"Dwarf Version", i32 4}
!2033 = distinct !DISubprogram(name: "count_syscalls", scope: !24, file: !24, line: 27, type: !2071, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1710, retainedNodes: !2036)
!2036 = !{!2037, !2038}
!2037 = !DILocalVariable(name: "ctx", arg: 1, scope: !2033, file: !24, line: 27, type: !4)
!2038 = !DILocalVariable(name: "v", scope: !2033, file: !24, line: 29, type: !2039)
!2039 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !564, size: 64, align: 64, dwarfAddressSpace: 0)
!2040 = !DILocation(line: 27, column: 6, scope: !2033)
!2041 = !DILocation(line: 28, column: 6, scope: !2033)
!2042 = !DILocation(line: 29, column: 36, scope: !2033)
!2043 = !DILocation(line: 29, column: 5, scope: !2033)
!2044 = !DILocation(line: 29, column: 88, scope: !2033)
!2045 = !DILocation(line: 29, column: 90, scope: !2033)
!2046 = !DILocation(line: 0, scope: !2033)
!2047 = !DILocation(line: 30, column: 4, scope: !2033)
!2048 = !DILocation(line: 30, column: 3, scope: !2033)
!2049 = !DILocation(line: 32, column: 2, scope: !2033)
!2050 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!2051 = !DISubrange(count: 6)
!2052 = !DICompositeType(tag: DW_TAG_array_type, baseType: !2050, size: 192, elements: !{!2051})
!2053 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2052, size: 64)
!2054 = !DIDerivedType(tag: DW_TAG_member, name: "type", baseType: !2053, size: 64)
!2055 = !DISubrange(count: 4)
!2056 = !DICompositeType(tag: DW_TAG_array_type, baseType: !2050, size: 128, elements: !{!2055})
!2057 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2056, size: 64)
!2058 = !DIDerivedType(tag: DW_TAG_member, name: "key_size", baseType: !2057, size: 64, offset: 64)
!2059 = !DISubrange(count: 8)
!2060 = !DICompositeType(tag: DW_TAG_array_type, baseType: !2050, size: 256, elements: !{!2059})
!2061 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2060, size: 64)
!2062 = !DIDerivedType(tag: DW_TAG_member, name: "value_size", baseType: !2061, size: 64, offset: 128)
!2063 = !DISubrange(count: 1)
!2064 = !DICompositeType(tag: DW_TAG_array_type, baseType: !2050, size: 32, elements: !{!2063})
!2065 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2064, size: 64)
!2066 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", baseType: !2065, size: 64, offset: 192)
!2067 = !{!2054, !2058, !2062, !2066}
!2068 = distinct !DICompositeType(tag: DW_TAG_structure_type, size: 256, align: 64, elements: !2067)
!2069 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2070 = !{!2069, !4}
!2071 = !DISubroutineType(types: !2070)
