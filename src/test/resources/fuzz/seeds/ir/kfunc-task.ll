; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@_license = global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 0, 2) i32 @lookup_task(ptr nonnull captures(none) dereferenceable(12) %ctx) local_unnamed_addr #3 section "syscall" !dbg !2021 {
entry:
    #dbg_value(ptr %ctx, !2033, !DIExpression(), !2041)
    #dbg_value(ptr %ctx, !2033, !DIExpression(), !2042)
  %0 = icmp eq ptr %ctx, null, !dbg !2043
  br i1 %0, label %gep.throw, label %deref.next, !dbg !2043

deref.next:                                       ; preds = %entry
  %1 = load i32, ptr %ctx, align 4, !dbg !2043
  %2 = call ptr @bpf_task_from_pid(i32 %1) #7, !dbg !2044
    #dbg_value(ptr %2, !2034, !DIExpression(), !2045)
    #dbg_value(ptr %2, !2034, !DIExpression(), !2046)
  %3 = icmp eq ptr %2, null, !dbg !2047
  br i1 %3, label %store.next, label %deref.next3, !dbg !2048

common.ret:                                       ; preds = %deref.next3, %store.next
  %common.ret.op = phi i32 [ 0, %store.next ], [ 1, %deref.next3 ]
  ret i32 %common.ret.op, !dbg !2048

store.next:                                       ; preds = %deref.next
    #dbg_value(ptr %ctx, !2033, !DIExpression(), !2049)
  %4 = getelementptr inbounds nuw i8, ptr %ctx, i64 8, !dbg !2050
  store i32 0, ptr %4, align 4, !dbg !2050
    #dbg_value(i32 0, !2039, !DIExpression(), !2050)
  br label %common.ret, !dbg !2051

deref.next3:                                      ; preds = %deref.next
    #dbg_value(ptr %ctx, !2033, !DIExpression(), !2052)
    #dbg_value(ptr %2, !2034, !DIExpression(), !2053)
  %5 = getelementptr inbounds nuw i8, ptr %2, i64 4, !dbg !2054
  %__core0.0 = call ptr @llvm.preserve.struct.access.index.p0.p0(ptr elementtype(<{ i32, i32 }>) %2, i32 1, i32 1), !dbg !2054, !llvm.preserve.access.index !2114
  %6 = load i32, ptr %__core0.0, align 4, !dbg !2054
  %7 = getelementptr inbounds nuw i8, ptr %ctx, i64 4, !dbg !2055
  store i32 %6, ptr %7, align 4, !dbg !2055
    #dbg_value(i32 %6, !2040, !DIExpression(), !2055)
    #dbg_value(ptr %ctx, !2033, !DIExpression(), !2056)
  %8 = getelementptr inbounds nuw i8, ptr %ctx, i64 8, !dbg !2057
  store i32 1, ptr %8, align 4, !dbg !2057
    #dbg_value(i32 1, !2039, !DIExpression(), !2057)
    #dbg_value(ptr %2, !2034, !DIExpression(), !2058)
  call void @bpf_task_release(ptr nonnull %2) #7, !dbg !2059
  br label %common.ret, !dbg !2060

gep.throw:                                        ; preds = %entry
    #dbg_value(ptr poison, !2061, !DIExpression(), !2083)
    #dbg_value(ptr poison, !2066, !DIExpression(DW_OP_LLVM_fragment, 0, 64), !2083)
    #dbg_value(i64 23, !2066, !DIExpression(DW_OP_LLVM_fragment, 64, 64), !2083)
  call void @tinybpf.panic(), !dbg !2087
  ret i32 0, !dbg !2088
}

declare !dbg !2118 ptr @bpf_task_from_pid(i32) local_unnamed_addr #0section ".ksyms" 

declare !dbg !2121 void @bpf_task_release(ptr) local_unnamed_addr #0section ".ksyms" 

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 0, 2) i32 @unlink_task(ptr nonnull readnone captures(none) %ctx) local_unnamed_addr #3 section "fentry/do_unlinkat" !dbg !2089 {
entry:
    #dbg_value(ptr %ctx, !2093, !DIExpression(), !2096)
  %0 = call i64 inttoptr (i64 14 to ptr)() #7, !dbg !2097
  %1 = trunc i64 %0 to i32, !dbg !2098
  %2 = call ptr @bpf_task_from_pid(i32 %1) #7, !dbg !2099
    #dbg_value(ptr %2, !2094, !DIExpression(), !2100)
    #dbg_value(ptr %2, !2094, !DIExpression(), !2101)
  %3 = icmp eq ptr %2, null, !dbg !2102
  br i1 %3, label %common.ret, label %deref.next, !dbg !2103

common.ret:                                       ; preds = %deref.next, %entry
  %common.ret.op = phi i32 [ 0, %entry ], [ %., %deref.next ]
  ret i32 %common.ret.op, !dbg !2103

deref.next:                                       ; preds = %entry
    #dbg_value(ptr %2, !2094, !DIExpression(), !2104)
  %4 = getelementptr inbounds nuw i8, ptr %2, i64 4, !dbg !2105
  %__core0.0 = call ptr @llvm.preserve.struct.access.index.p0.p0(ptr elementtype(<{ i32, i32 }>) %2, i32 1, i32 1), !dbg !2105, !llvm.preserve.access.index !2114
  %5 = load i32, ptr %__core0.0, align 4, !dbg !2105
    #dbg_value(i32 %5, !2095, !DIExpression(), !2106)
    #dbg_value(ptr %2, !2094, !DIExpression(), !2107)
  call void @bpf_task_release(ptr nonnull %2) #7, !dbg !2108
    #dbg_value(i32 %5, !2095, !DIExpression(), !2109)
  %6 = icmp eq i32 %5, 0, !dbg !2110
  %. = zext i1 %6 to i32, !dbg !2103
  br label %common.ret, !dbg !2103
}

declare void @tinybpf.panic() #8

declare ptr @llvm.preserve.struct.access.index.p0.p0(ptr, i32 immarg, i32 immarg)

attributes #0 = { nounwind }
attributes #3 = { nounwind }
attributes #7 = { nounwind }
attributes #8 = { nounwind memory(inaccessiblemem: readwrite) }

!llvm.dbg.cu = !{!1404, !1699}
!llvm.ident = !{!1701}
!llvm.module.flags = !{!1702, !1703}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!17 = !{}
!23 = !DIFile(filename: "<unknown>", directory: "")
!30 = !DIBasicType(name: "uint8", size: 8, encoding: DW_ATE_unsigned)
!110 = !DIBasicType(name: "uintptr", size: 64, encoding: DW_ATE_unsigned)
!257 = !DICompositeType(tag: DW_TAG_structure_type, name: "string", size: 128, align: 64, elements: !258)
!258 = !{!259, !261}
!259 = !DIDerivedType(tag: DW_TAG_member, name: "ptr", baseType: !260, size: 64, align: 64)
!260 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !30, size: 64, align: 64, dwarfAddressSpace: 0)
!261 = !DIDerivedType(tag: DW_TAG_member, name: "len", baseType: !110, size: 64, align: 64, offset: 64)
!408 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime__interface", baseType: !409)
!409 = !DICompositeType(tag: DW_TAG_structure_type, size: 128, align: 64, elements: !410)
!410 = !{!411, !412}
!411 = !DIDerivedType(tag: DW_TAG_member, name: "typecode", baseType: !4, size: 64, align: 64)
!412 = !DIDerivedType(tag: DW_TAG_member, name: "value", baseType: !4, size: 64, align: 64, offset: 64)
!734 = !{!735}
!735 = !DISubrange(count: 0, lowerBound: 0)
!1404 = distinct !DICompileUnit(language: DW_LANG_C99, file: !23, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1472 = !DIFile(filename: "panic.go", directory: "/opt/tinybpf/tinygo-0.42.0-llvm22/src/runtime")
!1579 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!1699 = distinct !DICompileUnit(language: DW_LANG_C99, file: !23, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1701 = !{!"TinyGo version 0.42.0"}
!1702 = !{i32 2, !"Debug Info Version", i32 3}
!1703 = !{i32 7, !"Dwarf Version", i32 4}
!1918 = !DISubroutineType(types: !17)
!2021 = distinct !DISubprogram(name: "lookup_task", scope: !2022, file: !2022, line: 32, type: !2124, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1699, retainedNodes: !2032)
!2022 = !DIFile(filename: "task.go", directory: ".")
!2025 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2026, size: 64, align: 64, dwarfAddressSpace: 0)
!2026 = !DIDerivedType(tag: DW_TAG_typedef, name: "lookupArgs", baseType: !2027)
!2027 = !DICompositeType(tag: DW_TAG_structure_type, size: 96, align: 32, elements: !2028)
!2028 = !{!2029, !2030, !2031}
!2029 = !DIDerivedType(tag: DW_TAG_member, name: "Pid", baseType: !1579, size: 32, align: 32)
!2030 = !DIDerivedType(tag: DW_TAG_member, name: "Tgid", baseType: !1579, size: 32, align: 32, offset: 32)
!2031 = !DIDerivedType(tag: DW_TAG_member, name: "Found", baseType: !1579, size: 32, align: 32, offset: 64)
!2032 = !{!2033, !2034, !2039, !2040}
!2033 = !DILocalVariable(name: "ctx", arg: 1, scope: !2021, file: !2022, line: 32, type: !2025)
!2034 = !DILocalVariable(name: "task", scope: !2021, file: !2022, line: 33, type: !2035)
!2035 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2036, size: 64, align: 64, dwarfAddressSpace: 0)
!2036 = !DIDerivedType(tag: DW_TAG_typedef, name: "bpfCoreTaskStruct", baseType: !2114)
!2039 = !DILocalVariable(name: "Found", scope: !2021, file: !2022, line: 22, type: !1579)
!2040 = !DILocalVariable(name: "Tgid", scope: !2021, file: !2022, line: 21, type: !1579)
!2041 = !DILocation(line: 32, column: 6, scope: !2021)
!2042 = !DILocation(line: 33, column: 33, scope: !2021)
!2043 = !DILocation(line: 33, column: 37, scope: !2021)
!2044 = !DILocation(line: 33, column: 32, scope: !2021)
!2045 = !DILocation(line: 33, column: 2, scope: !2021)
!2046 = !DILocation(line: 34, column: 5, scope: !2021)
!2047 = !DILocation(line: 34, column: 10, scope: !2021)
!2048 = !DILocation(line: 0, scope: !2021)
!2049 = !DILocation(line: 35, column: 3, scope: !2021)
!2050 = !DILocation(line: 35, column: 7, scope: !2021)
!2051 = !DILocation(line: 36, column: 3, scope: !2021)
!2052 = !DILocation(line: 38, column: 2, scope: !2021)
!2053 = !DILocation(line: 38, column: 13, scope: !2021)
!2054 = !DILocation(line: 38, column: 18, scope: !2021)
!2055 = !DILocation(line: 38, column: 6, scope: !2021)
!2056 = !DILocation(line: 39, column: 2, scope: !2021)
!2057 = !DILocation(line: 39, column: 6, scope: !2021)
!2058 = !DILocation(line: 40, column: 25, scope: !2021)
!2059 = !DILocation(line: 40, column: 24, scope: !2021)
!2060 = !DILocation(line: 41, column: 2, scope: !2021)
!2061 = !DILocalVariable(name: "addr", arg: 1, scope: !2062, file: !1472, line: 106, type: !4)
!2062 = distinct !DISubprogram(name: "runtime_runtimePanicAt", linkageName: "runtime.runtimePanicAt", scope: !1472, file: !1472, line: 106, type: !2063, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1404, retainedNodes: !2065)
!2063 = !DISubroutineType(types: !2064)
!2064 = !{!4, !257}
!2065 = !{!2061, !2066, !2067, !2081, !2082}
!2066 = !DILocalVariable(name: "msg", arg: 2, scope: !2062, file: !1472, line: 106, type: !257)
!2067 = !DILocalVariable(name: "frame", scope: !2062, file: !1472, line: 111, type: !2068)
!2068 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2069, size: 64, align: 64, dwarfAddressSpace: 0)
!2069 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_deferFrame", baseType: !2070)
!2070 = !DICompositeType(tag: DW_TAG_structure_type, size: 448, align: 64, elements: !2071)
!2071 = !{!2072, !2073, !2074, !2076, !2077, !2079, !2080}
!2072 = !DIDerivedType(tag: DW_TAG_member, name: "JumpSP", baseType: !4, size: 64, align: 64)
!2073 = !DIDerivedType(tag: DW_TAG_member, name: "JumpPC", baseType: !4, size: 64, align: 64, offset: 64)
!2074 = !DIDerivedType(tag: DW_TAG_member, name: "ExtraRegs", baseType: !2075, align: 64, offset: 128)
!2075 = !DICompositeType(tag: DW_TAG_array_type, baseType: !4, align: 64, elements: !734)
!2076 = !DIDerivedType(tag: DW_TAG_member, name: "Previous", baseType: !2068, size: 64, align: 64, offset: 128)
!2077 = !DIDerivedType(tag: DW_TAG_member, name: "Panicking", baseType: !2078, size: 8, align: 8, offset: 192)
!2078 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_panicState", baseType: !30)
!2079 = !DIDerivedType(tag: DW_TAG_member, name: "PanicValue", baseType: !408, size: 128, align: 64, offset: 256)
!2080 = !DIDerivedType(tag: DW_TAG_member, name: "DeferPtr", baseType: !4, size: 64, align: 64, offset: 384)
!2081 = !DILocalVariable(name: "PanicValue", scope: !2062, file: !1472, line: 42, type: !408)
!2082 = !DILocalVariable(name: "Panicking", scope: !2062, file: !1472, line: 41, type: !2078)
!2083 = !DILocation(line: 106, column: 6, scope: !2062, inlinedAt: !2084)
!2084 = distinct !DILocation(line: 223, column: 16, scope: !2085, inlinedAt: !2086)
!2085 = distinct !DISubprogram(name: "runtime_nilPanic", linkageName: "runtime.nilPanic", scope: !1472, file: !1472, line: 222, type: !1918, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1404)
!2086 = distinct !DILocation(line: 33, column: 37, scope: !2021)
!2087 = !DILocation(line: 108, column: 7, scope: !2062, inlinedAt: !2084)
!2088 = !DILocation(line: 0, scope: !2062, inlinedAt: !2084)
!2089 = distinct !DISubprogram(name: "unlink_task", scope: !2022, file: !2022, line: 45, type: !2126, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1699, retainedNodes: !2092)
!2092 = !{!2093, !2094, !2095}
!2093 = !DILocalVariable(name: "ctx", arg: 1, scope: !2089, file: !2022, line: 45, type: !4)
!2094 = !DILocalVariable(name: "task", scope: !2089, file: !2022, line: 46, type: !2035)
!2095 = !DILocalVariable(name: "tgid", scope: !2089, file: !2022, line: 50, type: !1579)
!2096 = !DILocation(line: 45, column: 6, scope: !2089)
!2097 = !DILocation(line: 46, column: 59, scope: !2089)
!2098 = !DILocation(line: 46, column: 38, scope: !2089)
!2099 = !DILocation(line: 46, column: 32, scope: !2089)
!2100 = !DILocation(line: 46, column: 2, scope: !2089)
!2101 = !DILocation(line: 47, column: 5, scope: !2089)
!2102 = !DILocation(line: 47, column: 10, scope: !2089)
!2103 = !DILocation(line: 0, scope: !2089)
!2104 = !DILocation(line: 50, column: 10, scope: !2089)
!2105 = !DILocation(line: 50, column: 15, scope: !2089)
!2106 = !DILocation(line: 50, column: 2, scope: !2089)
!2107 = !DILocation(line: 51, column: 25, scope: !2089)
!2108 = !DILocation(line: 51, column: 24, scope: !2089)
!2109 = !DILocation(line: 52, column: 5, scope: !2089)
!2110 = !DILocation(line: 52, column: 10, scope: !2089)
!2111 = !DIDerivedType(tag: DW_TAG_member, name: "pid", baseType: !1579, size: 32, align: 32)
!2112 = !DIDerivedType(tag: DW_TAG_member, name: "tgid", baseType: !1579, size: 32, align: 32, offset: 32)
!2113 = !{!2111, !2112}
!2114 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "task_struct", size: 64, align: 32, elements: !2113)
!2115 = !DIBasicType(name: "u32", size: 32, encoding: DW_ATE_unsigned)
!2116 = !{!2035, !2115}
!2117 = !DISubroutineType(types: !2116)
!2118 = !DISubprogram(name: "bpf_task_from_pid", scope: !23, file: !23, type: !2117, flags: DIFlagPrototyped, spFlags: DISPFlagOptimized)
!2119 = !{null, !2035}
!2120 = !DISubroutineType(types: !2119)
!2121 = !DISubprogram(name: "bpf_task_release", scope: !23, file: !23, type: !2120, flags: DIFlagPrototyped, spFlags: DISPFlagOptimized)
!2122 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2123 = !{!2122, !2025}
!2124 = !DISubroutineType(types: !2123)
!2125 = !{!2122, !4}
!2126 = !DISubroutineType(types: !2125)
