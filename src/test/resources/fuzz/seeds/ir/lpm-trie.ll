; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

%main.lpmKey = type { i32, [4 x i8] }

@classes = global { ptr, ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !22
@_license = global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 1, 4) i32 @classify_source(ptr nonnull readonly captures(none) dereferenceable(24) %ctx) local_unnamed_addr #4 section "xdp" !dbg !2045 {
entry:
  %key = alloca [8 x i8], align 8
    #dbg_value(ptr %ctx, !2059, !DIExpression(), !2064)
    #dbg_value(ptr %ctx, !2059, !DIExpression(), !2065)
  %0 = icmp eq ptr %ctx, null, !dbg !2066
  br i1 %0, label %gep.throw, label %deref.next, !dbg !2066

deref.next:                                       ; preds = %entry
  %1 = load i32, ptr %ctx, align 4, !dbg !2066
  %2 = zext i32 %1 to i64, !dbg !2067
    #dbg_value(i64 %2, !2060, !DIExpression(), !2068)
    #dbg_value(i64 %2, !2060, !DIExpression(), !2069)
  %3 = add nuw nsw i64 %2, 34, !dbg !2070
    #dbg_value(ptr %ctx, !2059, !DIExpression(), !2071)
  %4 = getelementptr inbounds nuw i8, ptr %ctx, i64 4, !dbg !2072
  %5 = load i32, ptr %4, align 4, !dbg !2072
  %6 = zext i32 %5 to i64, !dbg !2073
  %7 = icmp samesign ugt i64 %3, %6, !dbg !2074
  br i1 %7, label %common.ret, label %if.done, !dbg !2075

common.ret:                                       ; preds = %switch.next, %if.done2, %if.done, %cond.false, %deref.next
  %common.ret.op = phi i32 [ 2, %if.done2 ], [ 2, %deref.next ], [ 2, %if.done ], [ %., %switch.next ], [ 2, %cond.false ]
  ret i32 %common.ret.op, !dbg !2075

if.done:                                          ; preds = %deref.next
    #dbg_value(i64 %2, !2060, !DIExpression(), !2076)
  %8 = add nuw nsw i64 %2, 12, !dbg !2077
  %9 = inttoptr i64 %8 to ptr, !dbg !2078
  %10 = load i8, ptr %9, align 1, !dbg !2079
  %.not = icmp eq i8 %10, 8, !dbg !2080
  br i1 %.not, label %cond.false, label %common.ret, !dbg !2075

cond.false:                                       ; preds = %if.done
    #dbg_value(i64 %2, !2060, !DIExpression(), !2081)
  %11 = add nuw nsw i64 %2, 13, !dbg !2082
  %12 = inttoptr i64 %11 to ptr, !dbg !2083
  %13 = load i8, ptr %12, align 1, !dbg !2084
  %.not5 = icmp eq i8 %13, 0, !dbg !2085
  br i1 %.not5, label %if.done2, label %common.ret, !dbg !2075

if.done2:                                         ; preds = %cond.false
  call void @llvm.memset.p0.i64(ptr align 8 %key, i8 0, i64 8, i1 false), !dbg !2086
  store i32 32, ptr %key, align 4, !dbg !2086
  %key.repack19 = getelementptr inbounds nuw i8, ptr %key, i64 4, !dbg !2086
  %key.repack19.repack21 = getelementptr inbounds nuw i8, ptr %key, i64 5, !dbg !2086
  %key.repack19.repack23 = getelementptr inbounds nuw i8, ptr %key, i64 6, !dbg !2086
  %key.repack19.repack25 = getelementptr inbounds nuw i8, ptr %key, i64 7, !dbg !2086
    #dbg_value(%main.lpmKey poison, !2061, !DIExpression(), !2086)
    #dbg_value(i64 %2, !2060, !DIExpression(), !2087)
  %14 = add nuw nsw i64 %2, 26, !dbg !2088
  %15 = inttoptr i64 %14 to ptr, !dbg !2089
  store i32 0, ptr %key.repack19, align 4, !dbg !2086
  %.unpack = load i8, ptr %15, align 1, !dbg !2090
  %.elt27 = getelementptr inbounds nuw i8, ptr %15, i64 1, !dbg !2090
  %.unpack28 = load i8, ptr %.elt27, align 1, !dbg !2090
  %.elt29 = getelementptr inbounds nuw i8, ptr %15, i64 2, !dbg !2090
  %.unpack30 = load i8, ptr %.elt29, align 1, !dbg !2090
  %.elt31 = getelementptr inbounds nuw i8, ptr %15, i64 3, !dbg !2090
  %.unpack32 = load i8, ptr %.elt31, align 1, !dbg !2090
  store i8 %.unpack, ptr %key.repack19, align 1, !dbg !2091
  store i8 %.unpack28, ptr %key.repack19.repack21, align 1, !dbg !2091
  store i8 %.unpack30, ptr %key.repack19.repack23, align 1, !dbg !2091
  store i8 %.unpack32, ptr %key.repack19.repack25, align 1, !dbg !2091
    #dbg_value([4 x i8] poison, !2062, !DIExpression(), !2091)
  %16 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @classes, ptr nonnull %key) #8, !dbg !2092
    #dbg_value(ptr %16, !2063, !DIExpression(), !2093)
    #dbg_value(ptr %16, !2063, !DIExpression(), !2094)
  %17 = icmp eq ptr %16, null, !dbg !2095
  br i1 %17, label %common.ret, label %switch.next, !dbg !2075

switch.next:                                      ; preds = %if.done2
    #dbg_value(ptr %16, !2063, !DIExpression(), !2096)
  %18 = load i32, ptr %16, align 4, !dbg !2097
  %19 = icmp eq i32 %18, 1, !dbg !2098
  %. = select i1 %19, i32 1, i32 3, !dbg !2075
  br label %common.ret, !dbg !2075

gep.throw:                                        ; preds = %entry
    #dbg_value(ptr poison, !2099, !DIExpression(), !2121)
    #dbg_value(ptr poison, !2104, !DIExpression(DW_OP_LLVM_fragment, 0, 64), !2121)
    #dbg_value(i64 23, !2104, !DIExpression(DW_OP_LLVM_fragment, 64, 64), !2121)
  call void @tinybpf.panic(), !dbg !2125
  ret i32 0, !dbg !2126
}

declare void @tinybpf.panic() #9

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1 immarg)

attributes #4 = { nounwind }
attributes #8 = { nounwind }
attributes #9 = { nounwind memory(inaccessiblemem: readwrite) }

!llvm.dbg.cu = !{!1429, !1723}
!llvm.ident = !{!1726}
!llvm.module.flags = !{!1727, !1728}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!17 = !{}
!19 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!22 = !DIGlobalVariableExpression(var: !23, expr: !DIExpression())
!23 = distinct !DIGlobalVariable(name: "classes", scope: !24, file: !24, line: 25, type: !2133, isLocal: false, isDefinition: true, align: 64)
!24 = !DIFile(filename: "lpm.go", directory: ".")
!28 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !29, size: 64, align: 64, dwarfAddressSpace: 0)
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 352, align: 32, elements: !31)
!30 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!31 = !{!32}
!32 = !DISubrange(count: 11, lowerBound: 0)
!34 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !35, size: 64, align: 64, dwarfAddressSpace: 0)
!35 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 8192, align: 32, elements: !36)
!36 = !{!37}
!37 = !DISubrange(count: 256, lowerBound: 0)
!39 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !40, size: 64, align: 64, dwarfAddressSpace: 0)
!40 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 32, align: 32, elements: !41)
!41 = !{!42}
!42 = !DISubrange(count: 1, lowerBound: 0)
!44 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !45, size: 64, align: 64, dwarfAddressSpace: 0)
!45 = !DIDerivedType(tag: DW_TAG_typedef, name: "lpmKey", baseType: !46)
!46 = !DICompositeType(tag: DW_TAG_structure_type, size: 64, align: 32, elements: !47)
!47 = !{!48, !49}
!48 = !DIDerivedType(tag: DW_TAG_member, name: "Prefixlen", baseType: !19, size: 32, align: 32)
!49 = !DIDerivedType(tag: DW_TAG_member, name: "Addr", baseType: !50, size: 32, align: 8, offset: 32)
!50 = !DICompositeType(tag: DW_TAG_array_type, baseType: !51, size: 32, align: 8, elements: !52)
!51 = !DIBasicType(name: "byte", size: 8, encoding: DW_ATE_unsigned)
!52 = !{!53}
!53 = !DISubrange(count: 4, lowerBound: 0)
!55 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !19, size: 64, align: 64, dwarfAddressSpace: 0)
!57 = !DIFile(filename: "<unknown>", directory: "")
!64 = !DIBasicType(name: "uint8", size: 8, encoding: DW_ATE_unsigned)
!141 = !DIBasicType(name: "uintptr", size: 64, encoding: DW_ATE_unsigned)
!288 = !DICompositeType(tag: DW_TAG_structure_type, name: "string", size: 128, align: 64, elements: !289)
!289 = !{!290, !292}
!290 = !DIDerivedType(tag: DW_TAG_member, name: "ptr", baseType: !291, size: 64, align: 64)
!291 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !64, size: 64, align: 64, dwarfAddressSpace: 0)
!292 = !DIDerivedType(tag: DW_TAG_member, name: "len", baseType: !141, size: 64, align: 64, offset: 64)
!437 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime__interface", baseType: !438)
!438 = !DICompositeType(tag: DW_TAG_structure_type, size: 128, align: 64, elements: !439)
!439 = !{!440, !441}
!440 = !DIDerivedType(tag: DW_TAG_member, name: "typecode", baseType: !4, size: 64, align: 64)
!441 = !DIDerivedType(tag: DW_TAG_member, name: "value", baseType: !4, size: 64, align: 64, offset: 64)
!759 = !{!760}
!760 = !DISubrange(count: 0, lowerBound: 0)
!1429 = distinct !DICompileUnit(language: DW_LANG_C99, file: !57, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1497 = !DIFile(filename: "panic.go", directory: "/opt/tinybpf/tinygo-0.42.0-llvm22/src/runtime")
!1723 = distinct !DICompileUnit(language: DW_LANG_C99, file: !57, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !1724)
!1724 = !{!22}
!1726 = !{!"TinyGo version 0.42.0"}
!1727 = !{i32 2, !"Debug Info Version", i32 3}
!1728 = !{i32 7, !"Dwarf Version", i32 4}
!1943 = !DISubroutineType(types: !17)
!2045 = distinct !DISubprogram(name: "classify_source", scope: !24, file: !24, line: 40, type: !2136, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1723, retainedNodes: !2058)
!2048 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2049, size: 64, align: 64, dwarfAddressSpace: 0)
!2049 = !DIDerivedType(tag: DW_TAG_typedef, name: "xdpMd", baseType: !2050)
!2050 = !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 32, elements: !2051)
!2051 = !{!2052, !2053, !2054, !2055, !2056, !2057}
!2052 = !DIDerivedType(tag: DW_TAG_member, name: "Data", baseType: !19, size: 32, align: 32)
!2053 = !DIDerivedType(tag: DW_TAG_member, name: "DataEnd", baseType: !19, size: 32, align: 32, offset: 32)
!2054 = !DIDerivedType(tag: DW_TAG_member, name: "DataMeta", baseType: !19, size: 32, align: 32, offset: 64)
!2055 = !DIDerivedType(tag: DW_TAG_member, name: "IngressIfindex", baseType: !19, size: 32, align: 32, offset: 96)
!2056 = !DIDerivedType(tag: DW_TAG_member, name: "RxQueueIndex", baseType: !19, size: 32, align: 32, offset: 128)
!2057 = !DIDerivedType(tag: DW_TAG_member, name: "EgressIfindex", baseType: !19, size: 32, align: 32, offset: 160)
!2058 = !{!2059, !2060, !2061, !2062, !2063}
!2059 = !DILocalVariable(name: "ctx", arg: 1, scope: !2045, file: !24, line: 40, type: !2048)
!2060 = !DILocalVariable(name: "data", scope: !2045, file: !24, line: 41, type: !141)
!2061 = !DILocalVariable(name: "key", scope: !2045, file: !24, line: 48, type: !45)
!2062 = !DILocalVariable(name: "Addr", scope: !2045, file: !24, line: 22, type: !50)
!2063 = !DILocalVariable(name: "class", scope: !2045, file: !24, line: 50, type: !55)
!2064 = !DILocation(line: 40, column: 6, scope: !2045)
!2065 = !DILocation(line: 41, column: 18, scope: !2045)
!2066 = !DILocation(line: 41, column: 22, scope: !2045)
!2067 = !DILocation(line: 41, column: 17, scope: !2045)
!2068 = !DILocation(line: 41, column: 2, scope: !2045)
!2069 = !DILocation(line: 42, column: 5, scope: !2045)
!2070 = !DILocation(line: 42, column: 9, scope: !2045)
!2071 = !DILocation(line: 42, column: 23, scope: !2045)
!2072 = !DILocation(line: 42, column: 27, scope: !2045)
!2073 = !DILocation(line: 42, column: 22, scope: !2045)
!2074 = !DILocation(line: 42, column: 13, scope: !2045)
!2075 = !DILocation(line: 0, scope: !2045)
!2076 = !DILocation(line: 45, column: 30, scope: !2045)
!2077 = !DILocation(line: 45, column: 35, scope: !2045)
!2078 = !DILocation(line: 45, column: 29, scope: !2045)
!2079 = !DILocation(line: 45, column: 5, scope: !2045)
!2080 = !DILocation(line: 45, column: 42, scope: !2045)
!2081 = !DILocation(line: 45, column: 78, scope: !2045)
!2082 = !DILocation(line: 45, column: 83, scope: !2045)
!2083 = !DILocation(line: 45, column: 77, scope: !2045)
!2084 = !DILocation(line: 45, column: 53, scope: !2045)
!2085 = !DILocation(line: 45, column: 90, scope: !2045)
!2086 = !DILocation(line: 48, column: 2, scope: !2045)
!2087 = !DILocation(line: 49, column: 40, scope: !2045)
!2088 = !DILocation(line: 49, column: 45, scope: !2045)
!2089 = !DILocation(line: 49, column: 39, scope: !2045)
!2090 = !DILocation(line: 49, column: 13, scope: !2045)
!2091 = !DILocation(line: 49, column: 6, scope: !2045)
!2092 = !DILocation(line: 50, column: 37, scope: !2045)
!2093 = !DILocation(line: 50, column: 2, scope: !2045)
!2094 = !DILocation(line: 52, column: 7, scope: !2045)
!2095 = !DILocation(line: 52, column: 13, scope: !2045)
!2096 = !DILocation(line: 54, column: 8, scope: !2045)
!2097 = !DILocation(line: 54, column: 7, scope: !2045)
!2098 = !DILocation(line: 54, column: 14, scope: !2045)
!2099 = !DILocalVariable(name: "addr", arg: 1, scope: !2100, file: !1497, line: 106, type: !4)
!2100 = distinct !DISubprogram(name: "runtime_runtimePanicAt", linkageName: "runtime.runtimePanicAt", scope: !1497, file: !1497, line: 106, type: !2101, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1429, retainedNodes: !2103)
!2101 = !DISubroutineType(types: !2102)
!2102 = !{!4, !288}
!2103 = !{!2099, !2104, !2105, !2119, !2120}
!2104 = !DILocalVariable(name: "msg", arg: 2, scope: !2100, file: !1497, line: 106, type: !288)
!2105 = !DILocalVariable(name: "frame", scope: !2100, file: !1497, line: 111, type: !2106)
!2106 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2107, size: 64, align: 64, dwarfAddressSpace: 0)
!2107 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_deferFrame", baseType: !2108)
!2108 = !DICompositeType(tag: DW_TAG_structure_type, size: 448, align: 64, elements: !2109)
!2109 = !{!2110, !2111, !2112, !2114, !2115, !2117, !2118}
!2110 = !DIDerivedType(tag: DW_TAG_member, name: "JumpSP", baseType: !4, size: 64, align: 64)
!2111 = !DIDerivedType(tag: DW_TAG_member, name: "JumpPC", baseType: !4, size: 64, align: 64, offset: 64)
!2112 = !DIDerivedType(tag: DW_TAG_member, name: "ExtraRegs", baseType: !2113, align: 64, offset: 128)
!2113 = !DICompositeType(tag: DW_TAG_array_type, baseType: !4, align: 64, elements: !759)
!2114 = !DIDerivedType(tag: DW_TAG_member, name: "Previous", baseType: !2106, size: 64, align: 64, offset: 128)
!2115 = !DIDerivedType(tag: DW_TAG_member, name: "Panicking", baseType: !2116, size: 8, align: 8, offset: 192)
!2116 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_panicState", baseType: !64)
!2117 = !DIDerivedType(tag: DW_TAG_member, name: "PanicValue", baseType: !437, size: 128, align: 64, offset: 256)
!2118 = !DIDerivedType(tag: DW_TAG_member, name: "DeferPtr", baseType: !4, size: 64, align: 64, offset: 384)
!2119 = !DILocalVariable(name: "PanicValue", scope: !2100, file: !1497, line: 42, type: !437)
!2120 = !DILocalVariable(name: "Panicking", scope: !2100, file: !1497, line: 41, type: !2116)
!2121 = !DILocation(line: 106, column: 6, scope: !2100, inlinedAt: !2122)
!2122 = distinct !DILocation(line: 223, column: 16, scope: !2123, inlinedAt: !2124)
!2123 = distinct !DISubprogram(name: "runtime_nilPanic", linkageName: "runtime.nilPanic", scope: !1497, file: !1497, line: 222, type: !1943, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1429)
!2124 = distinct !DILocation(line: 41, column: 22, scope: !2045)
!2125 = !DILocation(line: 108, column: 7, scope: !2100, inlinedAt: !2122)
!2126 = !DILocation(line: 0, scope: !2100, inlinedAt: !2122)
!2127 = !DIDerivedType(tag: DW_TAG_member, name: "type", baseType: !28, size: 64, align: 64)
!2128 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", baseType: !34, size: 64, align: 64, offset: 64)
!2129 = !DIDerivedType(tag: DW_TAG_member, name: "map_flags", baseType: !39, size: 64, align: 64, offset: 128)
!2130 = !DIDerivedType(tag: DW_TAG_member, name: "key", baseType: !44, size: 64, align: 64, offset: 192)
!2131 = !DIDerivedType(tag: DW_TAG_member, name: "value", baseType: !55, size: 64, align: 64, offset: 256)
!2132 = !{!2127, !2128, !2129, !2130, !2131}
!2133 = distinct !DICompositeType(tag: DW_TAG_structure_type, size: 320, align: 64, elements: !2132)
!2134 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2135 = !{!2134, !2048}
!2136 = !DISubroutineType(types: !2135)
