; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@events = global { ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !22
@_license = global [4 x i8] c"GPL\00", section "license", align 1
@__tinybpf_event_events = global [28 x i8] zeroinitializer, section "license", align 1, !dbg !2100

; Function Attrs: nounwind uwtable(sync)
define noundef i32 @handle_connect(ptr nonnull readonly captures(none) %ctx) local_unnamed_addr #4 section "tracepoint/syscalls/sys_enter_connect" !dbg !2047 {
entry:
  %sa = alloca [16 x i8], align 8
  %ev = alloca [28 x i8], align 8
    #dbg_value(ptr %ctx, !2051, !DIExpression(), !2067)
    #dbg_value(ptr %ctx, !2051, !DIExpression(), !2068)
    #dbg_value(ptr %ctx, !2052, !DIExpression(), !2069)
  call void @llvm.memset.p0.i64(ptr align 8 %sa, i8 0, i64 16, i1 false), !dbg !2070
    #dbg_value(ptr %ctx, !2052, !DIExpression(), !2071)
  %0 = getelementptr inbounds nuw i8, ptr %ctx, i64 24, !dbg !2072
  %1 = load i64, ptr %0, align 8, !dbg !2072
  %2 = inttoptr i64 %1 to ptr, !dbg !2073
  %3 = call i64 inttoptr (i64 112 to ptr)(ptr nonnull %sa, i32 16, ptr %2) #9, !dbg !2074
  %.not = icmp eq i64 %3, 0, !dbg !2075
  br i1 %.not, label %deref.next3, label %common.ret, !dbg !2076

common.ret:                                       ; preds = %deref.next3, %entry, %if.done2
  ret i32 0, !dbg !2076

deref.next3:                                      ; preds = %entry
  %4 = load i16, ptr %sa, align 2, !dbg !2077
  %.not10 = icmp eq i16 %4, 2, !dbg !2078
  br i1 %.not10, label %if.done2, label %common.ret, !dbg !2076

if.done2:                                         ; preds = %deref.next3
  call void @llvm.memset.p0.i64(ptr align 8 %ev, i8 0, i64 28, i1 false), !dbg !2079
  %5 = call i64 inttoptr (i64 14 to ptr)() #9, !dbg !2080
  %6 = lshr i64 %5, 32, !dbg !2081
  %7 = trunc nuw i64 %6 to i32, !dbg !2082
  store i32 %7, ptr %ev, align 4, !dbg !2083
    #dbg_value(i32 %7, !2063, !DIExpression(), !2083)
  %8 = getelementptr inbounds nuw i8, ptr %ev, i64 4, !dbg !2084
  %9 = getelementptr inbounds nuw i8, ptr %sa, i64 2, !dbg !2085
  %10 = load i16, ptr %9, align 2, !dbg !2085
  %11 = call i16 @llvm.bswap.i16(i16 %10), !dbg !2086
  store i16 %11, ptr %8, align 2, !dbg !2084
    #dbg_value(i16 %11, !2064, !DIExpression(), !2084)
  %12 = getelementptr inbounds nuw i8, ptr %ev, i64 6, !dbg !2087
  %13 = load i16, ptr %sa, align 2, !dbg !2088
  store i16 %13, ptr %12, align 2, !dbg !2087
    #dbg_value(i16 %13, !2065, !DIExpression(), !2087)
  %14 = getelementptr inbounds nuw i8, ptr %ev, i64 8, !dbg !2089
  %15 = getelementptr inbounds nuw i8, ptr %sa, i64 4, !dbg !2090
  %.unpack = load i8, ptr %15, align 1, !dbg !2090
  %.elt11 = getelementptr inbounds nuw i8, ptr %sa, i64 5, !dbg !2090
  %.unpack12 = load i8, ptr %.elt11, align 1, !dbg !2090
  %.elt13 = getelementptr inbounds nuw i8, ptr %sa, i64 6, !dbg !2090
  %.unpack14 = load i8, ptr %.elt13, align 1, !dbg !2090
  %.elt15 = getelementptr inbounds nuw i8, ptr %sa, i64 7, !dbg !2090
  %.unpack16 = load i8, ptr %.elt15, align 1, !dbg !2090
  store i8 %.unpack, ptr %14, align 1, !dbg !2089
  %.repack17 = getelementptr inbounds nuw i8, ptr %ev, i64 9, !dbg !2089
  store i8 %.unpack12, ptr %.repack17, align 1, !dbg !2089
  %.repack19 = getelementptr inbounds nuw i8, ptr %ev, i64 10, !dbg !2089
  store i8 %.unpack14, ptr %.repack19, align 1, !dbg !2089
  %.repack21 = getelementptr inbounds nuw i8, ptr %ev, i64 11, !dbg !2089
  store i8 %.unpack16, ptr %.repack21, align 1, !dbg !2089
    #dbg_value([4 x i8] poison, !2066, !DIExpression(), !2089)
  %16 = getelementptr inbounds nuw i8, ptr %ev, i64 12, !dbg !2091
  %17 = call i64 inttoptr (i64 16 to ptr)(ptr nonnull %16, i32 16) #9, !dbg !2092
  %18 = call i64 inttoptr (i64 130 to ptr)(ptr nonnull @events, ptr nonnull %ev, i64 28, i64 0) #9, !dbg !2093
  br label %common.ret, !dbg !2094
}

; Function Attrs: mustprogress nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i16 @llvm.bswap.i16(i16) #7

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1 immarg)

attributes #4 = { nounwind }
attributes #7 = { mustprogress nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #9 = { nounwind }

!llvm.dbg.cu = !{!56, !1724}
!llvm.ident = !{!1727}
!llvm.module.flags = !{!1728, !1729}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!19 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!22 = !DIGlobalVariableExpression(var: !23, expr: !DIExpression())
!23 = distinct !DIGlobalVariable(name: "events", scope: !24, file: !24, line: 17, type: !2098, isLocal: false, isDefinition: true, align: 64)
!24 = !DIFile(filename: "connect.go", directory: ".")
!28 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !29, size: 64, align: 64, dwarfAddressSpace: 0)
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 864, align: 32, elements: !31)
!30 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!31 = !{!32}
!32 = !DISubrange(count: 27, lowerBound: 0)
!34 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !35, size: 64, align: 64, dwarfAddressSpace: 0)
!35 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 2097152, align: 32, elements: !36)
!36 = !{!37}
!37 = !DISubrange(count: 65536, lowerBound: 0)
!40 = !DIDerivedType(tag: DW_TAG_typedef, name: "connectEvent", baseType: !41)
!41 = !DICompositeType(tag: DW_TAG_structure_type, size: 224, align: 32, elements: !42)
!42 = !{!43, !44, !46, !47, !52}
!43 = !DIDerivedType(tag: DW_TAG_member, name: "PID", baseType: !19, size: 32, align: 32)
!44 = !DIDerivedType(tag: DW_TAG_member, name: "Port", baseType: !45, size: 16, align: 16, offset: 32)
!45 = !DIBasicType(name: "uint16", size: 16, encoding: DW_ATE_unsigned)
!46 = !DIDerivedType(tag: DW_TAG_member, name: "Family", baseType: !45, size: 16, align: 16, offset: 48)
!47 = !DIDerivedType(tag: DW_TAG_member, name: "Addr", baseType: !48, size: 32, align: 8, offset: 64)
!48 = !DICompositeType(tag: DW_TAG_array_type, baseType: !49, size: 32, align: 8, elements: !50)
!49 = !DIBasicType(name: "byte", size: 8, encoding: DW_ATE_unsigned)
!50 = !{!51}
!51 = !DISubrange(count: 4, lowerBound: 0)
!52 = !DIDerivedType(tag: DW_TAG_member, name: "Comm", baseType: !53, size: 128, align: 8, offset: 96)
!53 = !DICompositeType(tag: DW_TAG_array_type, baseType: !49, size: 128, align: 8, elements: !54)
!54 = !{!55}
!55 = !DISubrange(count: 16, lowerBound: 0)
!56 = distinct !DICompileUnit(language: DW_LANG_C99, file: !57, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2101)
!57 = !DIFile(filename: "<unknown>", directory: "")
!581 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
!1724 = distinct !DICompileUnit(language: DW_LANG_C99, file: !57, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !1725)
!1725 = !{!22}
!1727 = !{!"TinyGo version 0.42.0"}
!1728 = !{i32 2, !"Debug Info Version", i32 3}
!1729 = !{i32 7, !"Dwarf Version", i32 4}
!2047 = distinct !DISubprogram(name: "handle_connect", scope: !24, file: !24, line: 57, type: !2104, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1724, retainedNodes: !2050)
!2050 = !{!2051, !2052, !2063, !2064, !2065, !2066}
!2051 = !DILocalVariable(name: "ctx", arg: 1, scope: !2047, file: !24, line: 57, type: !4)
!2052 = !DILocalVariable(name: "args", scope: !2047, file: !24, line: 58, type: !2053)
!2053 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2054, size: 64, align: 64, dwarfAddressSpace: 0)
!2054 = !DIDerivedType(tag: DW_TAG_typedef, name: "sysEnterConnectArgs", baseType: !2055)
!2055 = !DICompositeType(tag: DW_TAG_structure_type, size: 320, align: 64, elements: !2056)
!2056 = !{!2057, !2058, !2059, !2060, !2061, !2062}
!2057 = !DIDerivedType(tag: DW_TAG_member, name: "Common", baseType: !581, size: 64, align: 64)
!2058 = !DIDerivedType(tag: DW_TAG_member, name: "SyscallNr", baseType: !30, size: 32, align: 32, offset: 64)
!2059 = !DIDerivedType(tag: DW_TAG_member, name: "_", baseType: !30, size: 32, align: 32, offset: 96)
!2060 = !DIDerivedType(tag: DW_TAG_member, name: "Fd", baseType: !581, size: 64, align: 64, offset: 128)
!2061 = !DIDerivedType(tag: DW_TAG_member, name: "Uservaddr", baseType: !581, size: 64, align: 64, offset: 192)
!2062 = !DIDerivedType(tag: DW_TAG_member, name: "Addrlen", baseType: !581, size: 64, align: 64, offset: 256)
!2063 = !DILocalVariable(name: "PID", scope: !2047, file: !24, line: 25, type: !19)
!2064 = !DILocalVariable(name: "Port", scope: !2047, file: !24, line: 26, type: !45)
!2065 = !DILocalVariable(name: "Family", scope: !2047, file: !24, line: 27, type: !45)
!2066 = !DILocalVariable(name: "Addr", scope: !2047, file: !24, line: 28, type: !48)
!2067 = !DILocation(line: 57, column: 6, scope: !2047)
!2068 = !DILocation(line: 58, column: 33, scope: !2047)
!2069 = !DILocation(line: 58, column: 2, scope: !2047)
!2070 = !DILocation(line: 59, column: 6, scope: !2047)
!2071 = !DILocation(line: 60, column: 93, scope: !2047)
!2072 = !DILocation(line: 60, column: 98, scope: !2047)
!2073 = !DILocation(line: 60, column: 84, scope: !2047)
!2074 = !DILocation(line: 60, column: 21, scope: !2047)
!2075 = !DILocation(line: 60, column: 111, scope: !2047)
!2076 = !DILocation(line: 0, scope: !2047)
!2077 = !DILocation(line: 63, column: 8, scope: !2047)
!2078 = !DILocation(line: 63, column: 15, scope: !2047)
!2079 = !DILocation(line: 66, column: 6, scope: !2047)
!2080 = !DILocation(line: 67, column: 38, scope: !2047)
!2081 = !DILocation(line: 67, column: 41, scope: !2047)
!2082 = !DILocation(line: 67, column: 17, scope: !2047)
!2083 = !DILocation(line: 67, column: 5, scope: !2047)
!2084 = !DILocation(line: 68, column: 5, scope: !2047)
!2085 = !DILocation(line: 68, column: 15, scope: !2047)
!2086 = !DILocation(line: 68, column: 23, scope: !2047)
!2087 = !DILocation(line: 69, column: 5, scope: !2047)
!2088 = !DILocation(line: 69, column: 17, scope: !2047)
!2089 = !DILocation(line: 70, column: 5, scope: !2047)
!2090 = !DILocation(line: 70, column: 15, scope: !2047)
!2091 = !DILocation(line: 71, column: 39, scope: !2047)
!2092 = !DILocation(line: 71, column: 19, scope: !2047)
!2093 = !DILocation(line: 72, column: 18, scope: !2047)
!2094 = !DILocation(line: 73, column: 2, scope: !2047)
!2095 = !DIDerivedType(tag: DW_TAG_member, name: "type", baseType: !28, size: 64, align: 64)
!2096 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", baseType: !34, size: 64, align: 64, offset: 64)
!2097 = !{!2095, !2096}
!2098 = distinct !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 64, elements: !2097)
!2099 = distinct !DIGlobalVariable(name: "__tinybpf_event_events", scope: !56, type: !40, isLocal: false, isDefinition: true)
!2100 = !DIGlobalVariableExpression(var: !2099, expr: !DIExpression())
!2101 = !{!2100}
!2102 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2103 = !{!2102, !4}
!2104 = !DISubroutineType(types: !2103)
