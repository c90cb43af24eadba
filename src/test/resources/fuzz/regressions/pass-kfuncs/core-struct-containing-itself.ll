; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@events = global { ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !22
@_license = global [4 x i8] c"GPL\00", section "license", align 1
@__tinybpf_event_events = global [40 x i8] zeroinitializer, section "license", align 1, !dbg !2112

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @handle_exec(ptr nonnull readnone captures(none) %ctx) local_unnamed_addr #4 section "raw_tracepoint/sched_process_exec" !dbg !2048 {
entry:
  %ev = alloca [40 x i8], align 8
  %parent = alloca [8 x i8], align 8
    #dbg_value(ptr %ctx, !2052, !DIExpression(), !2064)
  %0 = call i64 inttoptr (i64 35 to ptr)() #8, !dbg !2065
  %1 = inttoptr i64 %0 to ptr, !dbg !2066
    #dbg_value(ptr %1, !2053, !DIExpression(), !2067)
  call void @llvm.memset.p0.i64(ptr align 8 %ev, i8 0, i64 40, i1 false), !dbg !2068
    #dbg_value(ptr %1, !2053, !DIExpression(), !2069)
  %__core0.0 = call ptr @llvm.preserve.struct.access.index.p0.p0(ptr elementtype(<{ i32, i32, ptr, [16 x i8] }>) %1, i32 0, i32 0), !dbg !2070, !llvm.preserve.access.index !2106
  %2 = call i64 inttoptr (i64 113 to ptr)(ptr nonnull %ev, i32 4, ptr %__core0.0) #8, !dbg !2070
  %3 = getelementptr inbounds nuw i8, ptr %ev, i64 4, !dbg !2071
    #dbg_value(ptr %1, !2053, !DIExpression(), !2072)
  %4 = getelementptr inbounds nuw i8, ptr %1, i64 4, !dbg !2073
  %__core1.0 = call ptr @llvm.preserve.struct.access.index.p0.p0(ptr elementtype(<{ i32, i32, ptr, [16 x i8] }>) %1, i32 1, i32 1), !dbg !2074, !llvm.preserve.access.index !2106
  %5 = call i64 inttoptr (i64 113 to ptr)(ptr nonnull %3, i32 4, ptr %__core1.0) #8, !dbg !2074
  %6 = getelementptr inbounds nuw i8, ptr %ev, i64 24, !dbg !2075
    #dbg_value(ptr %1, !2053, !DIExpression(), !2076)
  %7 = getelementptr inbounds nuw i8, ptr %1, i64 16, !dbg !2077
  %__core2.0 = call ptr @llvm.preserve.struct.access.index.p0.p0(ptr elementtype(<{ i32, i32, ptr, [16 x i8] }>) %1, i32 3, i32 3), !dbg !2078, !llvm.preserve.access.index !2106
  %8 = call i64 inttoptr (i64 113 to ptr)(ptr nonnull %6, i32 16, ptr %__core2.0) #8, !dbg !2078
  call void @llvm.memset.p0.i64(ptr align 8 %parent, i8 0, i64 8, i1 false), !dbg !2079
    #dbg_value(ptr %1, !2053, !DIExpression(), !2080)
  %9 = getelementptr inbounds nuw i8, ptr %1, i64 8, !dbg !2081
  %__core3.0 = call ptr @llvm.preserve.struct.access.index.p0.p0(ptr elementtype(<{ i32, i32, ptr, [16 x i8] }>) %1, i32 2, i32 2), !dbg !2082, !llvm.preserve.access.index !2106
  %10 = call i64 inttoptr (i64 113 to ptr)(ptr nonnull %parent, i32 8, ptr %__core3.0) #8, !dbg !2082
  %11 = load ptr, ptr %parent, align 8, !dbg !2083
    #dbg_value(ptr %11, !2060, !DIExpression(), !2083)
  %.not = icmp eq ptr %11, null, !dbg !2084
  br i1 %.not, label %if.done, label %gep.next, !dbg !2085

gep.next:                                         ; preds = %entry
    #dbg_value(ptr %11, !2060, !DIExpression(), !2086)
  %12 = getelementptr inbounds nuw i8, ptr %ev, i64 8, !dbg !2087
  %13 = getelementptr inbounds nuw i8, ptr %11, i64 4, !dbg !2088
  %__core4.0 = call ptr @llvm.preserve.struct.access.index.p0.p0(ptr elementtype(<{ i32, i32, ptr, [16 x i8] }>) %11, i32 1, i32 1), !dbg !2089, !llvm.preserve.access.index !2106
  %14 = call i64 inttoptr (i64 113 to ptr)(ptr nonnull %12, i32 4, ptr %__core4.0) #8, !dbg !2089
  br label %if.done, !dbg !2085

if.done:                                          ; preds = %gep.next, %entry
  %15 = call i64 inttoptr (i64 14 to ptr)() #8, !dbg !2090
    #dbg_value(i64 %15, !2061, !DIExpression(), !2091)
    #dbg_value(i64 %15, !2061, !DIExpression(), !2092)
  %16 = getelementptr inbounds nuw i8, ptr %ev, i64 12, !dbg !2093
  %17 = trunc i64 %15 to i32, !dbg !2094
  store i32 %17, ptr %16, align 4, !dbg !2093
    #dbg_value(i32 %17, !2062, !DIExpression(), !2093)
    #dbg_value(i64 %15, !2061, !DIExpression(), !2095)
  %18 = getelementptr inbounds nuw i8, ptr %ev, i64 16, !dbg !2096
  %19 = lshr i64 %15, 32, !dbg !2097
  %20 = trunc nuw i64 %19 to i32, !dbg !2098
  store i32 %20, ptr %18, align 4, !dbg !2096
    #dbg_value(i32 %20, !2063, !DIExpression(), !2096)
  %21 = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @events, ptr nonnull %ev, i64 40, i64 0) #8, !dbg !2099
  ret i32 0, !dbg !2100
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1 immarg)

declare ptr @llvm.preserve.struct.access.index.p0.p0(ptr, i32 immarg, i32 immarg)

attributes #4 = { nounwind }
attributes #8 = { nounwind }

!llvm.dbg.cu = !{!54, !1725}
!llvm.ident = !{!1728}
!llvm.module.flags = !{!1729, !1730}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!19 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!22 = !DIGlobalVariableExpression(var: !23, expr: !DIExpression())
!23 = distinct !DIGlobalVariable(name: "events", scope: !24, file: !24, line: 33, type: !2110, isLocal: false, isDefinition: true, align: 64)
!24 = !DIFile(filename: "exec.go", directory: ".")
!28 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !29, size: 64, align: 64, dwarfAddressSpace: 0)
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 864, align: 32, elements: !31)
!30 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!31 = !{!32}
!32 = !DISubrange(count: 27, lowerBound: 0)
!34 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !35, size: 64, align: 64, dwarfAddressSpace: 0)
!35 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 2097152, align: 32, elements: !36)
!36 = !{!37}
!37 = !DISubrange(count: 65536, lowerBound: 0)
!40 = !DIDerivedType(tag: DW_TAG_typedef, name: "execEvent", baseType: !41)
!41 = !DICompositeType(tag: DW_TAG_structure_type, size: 320, align: 32, elements: !42)
!42 = !{!43, !44, !45, !46, !47, !48, !49}
!43 = !DIDerivedType(tag: DW_TAG_member, name: "Pid", baseType: !30, size: 32, align: 32)
!44 = !DIDerivedType(tag: DW_TAG_member, name: "Tgid", baseType: !30, size: 32, align: 32, offset: 32)
!45 = !DIDerivedType(tag: DW_TAG_member, name: "Ppid", baseType: !30, size: 32, align: 32, offset: 64)
!46 = !DIDerivedType(tag: DW_TAG_member, name: "HelperPid", baseType: !19, size: 32, align: 32, offset: 96)
!47 = !DIDerivedType(tag: DW_TAG_member, name: "HelperTgid", baseType: !19, size: 32, align: 32, offset: 128)
!48 = !DIDerivedType(tag: DW_TAG_member, name: "_", baseType: !19, size: 32, align: 32, offset: 160)
!49 = !DIDerivedType(tag: DW_TAG_member, name: "Comm", baseType: !50, size: 128, align: 8, offset: 192)
!50 = !DICompositeType(tag: DW_TAG_array_type, baseType: !51, size: 128, align: 8, elements: !52)
!51 = !DIBasicType(name: "byte", size: 8, encoding: DW_ATE_unsigned)
!52 = !{!53}
!53 = !DISubrange(count: 16, lowerBound: 0)
!54 = distinct !DICompileUnit(language: DW_LANG_C99, file: !55, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2113)
!55 = !DIFile(filename: "<unknown>", directory: "")
!582 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
!1725 = distinct !DICompileUnit(language: DW_LANG_C99, file: !55, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !1726)
!1726 = !{!22}
!1728 = !{!"TinyGo version 0.42.0"}
!1729 = !{i32 2, !"Debug Info Version", i32 3}
!1730 = !{i32 7, !"Dwarf Version", i32 4}
!2048 = distinct !DISubprogram(name: "handle_exec", scope: !24, file: !24, line: 45, type: !2116, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1725, retainedNodes: !2051)
!2051 = !{!2052, !2053, !2060, !2061, !2062, !2063}
!2052 = !DILocalVariable(name: "ctx", arg: 1, scope: !2048, file: !24, line: 45, type: !4)
!2053 = !DILocalVariable(name: "task", scope: !2048, file: !24, line: 46, type: !2054)
!2054 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2055, size: 64, align: 64, dwarfAddressSpace: 0)
!2055 = !DIDerivedType(tag: DW_TAG_typedef, name: "bpfCoreTaskStruct", baseType: !2106)
!2060 = !DILocalVariable(name: "parent", scope: !2048, file: !24, line: 51, type: !2054)
!2061 = !DILocalVariable(name: "id", scope: !2048, file: !24, line: 56, type: !582)
!2062 = !DILocalVariable(name: "HelperPid", scope: !2048, file: !24, line: 27, type: !19)
!2063 = !DILocalVariable(name: "HelperTgid", scope: !2048, file: !24, line: 28, type: !19)
!2064 = !DILocation(line: 45, column: 6, scope: !2048)
!2065 = !DILocation(line: 46, column: 71, scope: !2048)
!2066 = !DILocation(line: 46, column: 45, scope: !2048)
!2067 = !DILocation(line: 46, column: 2, scope: !2048)
!2068 = !DILocation(line: 47, column: 6, scope: !2048)
!2069 = !DILocation(line: 48, column: 65, scope: !2048)
!2070 = !DILocation(line: 48, column: 20, scope: !2048)
!2071 = !DILocation(line: 49, column: 40, scope: !2048)
!2072 = !DILocation(line: 49, column: 66, scope: !2048)
!2073 = !DILocation(line: 49, column: 71, scope: !2048)
!2074 = !DILocation(line: 49, column: 20, scope: !2048)
!2075 = !DILocation(line: 50, column: 40, scope: !2048)
!2076 = !DILocation(line: 50, column: 67, scope: !2048)
!2077 = !DILocation(line: 50, column: 72, scope: !2048)
!2078 = !DILocation(line: 50, column: 20, scope: !2048)
!2079 = !DILocation(line: 51, column: 6, scope: !2048)
!2080 = !DILocation(line: 52, column: 65, scope: !2048)
!2081 = !DILocation(line: 52, column: 70, scope: !2048)
!2082 = !DILocation(line: 52, column: 20, scope: !2048)
!2083 = !DILocation(line: 53, column: 5, scope: !2048)
!2084 = !DILocation(line: 53, column: 12, scope: !2048)
!2085 = !DILocation(line: 0, scope: !2048)
!2086 = !DILocation(line: 54, column: 67, scope: !2048)
!2087 = !DILocation(line: 54, column: 41, scope: !2048)
!2088 = !DILocation(line: 54, column: 74, scope: !2048)
!2089 = !DILocation(line: 54, column: 21, scope: !2048)
!2090 = !DILocation(line: 56, column: 28, scope: !2048)
!2091 = !DILocation(line: 56, column: 2, scope: !2048)
!2092 = !DILocation(line: 57, column: 24, scope: !2048)
!2093 = !DILocation(line: 57, column: 5, scope: !2048)
!2094 = !DILocation(line: 57, column: 23, scope: !2048)
!2095 = !DILocation(line: 58, column: 25, scope: !2048)
!2096 = !DILocation(line: 58, column: 5, scope: !2048)
!2097 = !DILocation(line: 58, column: 28, scope: !2048)
!2098 = !DILocation(line: 58, column: 24, scope: !2048)
!2099 = !DILocation(line: 59, column: 18, scope: !2048)
!2100 = !DILocation(line: 60, column: 2, scope: !2048)
!2101 = !DIDerivedType(tag: DW_TAG_member, name: "pid", baseType: !30, size: 32, align: 32)
!2102 = !DIDerivedType(tag: DW_TAG_member, name: "tgid", baseType: !30, size: 32, align: 32, offset: 32)
!2103 = !DIDerivedType(tag: DW_TAG_member, name: "real_parent", baseType: !2055, size: 64, align: 64, offset: 64)
!2104 = !DIDerivedType(tag: DW_TAG_member, name: "comm", baseType: !50, size: 128, align: 8, offset: 128)
!2105 = !{!2101, !2102, !2103, !2104}
!2106 = distinct !DICompositeType(tag: DW_TAG_structure_type, name: "task_struct", size: 256, align: 64, elements: !2105)
!2107 = !DIDerivedType(tag: DW_TAG_member, name: "type", baseType: !28, size: 64, align: 64)
!2108 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", baseType: !34, size: 64, align: 64, offset: 64)
!2109 = !{!2107, !2108}
!2110 = distinct !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 64, elements: !2109)
!2111 = distinct !DIGlobalVariable(name: "__tinybpf_event_events", scope: !54, type: !40, isLocal: false, isDefinition: true)
!2112 = !DIGlobalVariableExpression(var: !2111, expr: !DIExpression())
!2113 = !{!2112}
!2114 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2115 = !{!2114, !4}
!2116 = !DISubroutineType(types: !2115)
