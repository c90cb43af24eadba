; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@blocklist = global { ptr, ptr, ptr, ptr } zeroinitializer, section ".maps", align 8, !dbg !22
@_license = global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind uwtable(sync)
define noundef range(i32 1, 3) i32 @xdp_blocklist(ptr nonnull readonly captures(none) dereferenceable(24) %ctx) local_unnamed_addr #4 section "xdp" !dbg !2040 {
entry:
  %saddr = alloca [4 x i8], align 8
    #dbg_value(ptr %ctx, !2054, !DIExpression(), !2084)
    #dbg_value(ptr %ctx, !2054, !DIExpression(), !2085)
  %0 = icmp eq ptr %ctx, null, !dbg !2086
  br i1 %0, label %gep.throw, label %deref.next, !dbg !2086

deref.next:                                       ; preds = %entry
  %1 = load i32, ptr %ctx, align 4, !dbg !2086
  %2 = zext i32 %1 to i64, !dbg !2087
    #dbg_value(i64 %2, !2055, !DIExpression(), !2088)
    #dbg_value(ptr %ctx, !2054, !DIExpression(), !2089)
  %3 = getelementptr inbounds nuw i8, ptr %ctx, i64 4, !dbg !2090
  %4 = load i32, ptr %3, align 4, !dbg !2090
  %5 = zext i32 %4 to i64, !dbg !2091
    #dbg_value(i64 %5, !2056, !DIExpression(), !2092)
    #dbg_value(i64 %2, !2055, !DIExpression(), !2093)
  %6 = add nuw nsw i64 %2, 34, !dbg !2094
    #dbg_value(i64 %5, !2056, !DIExpression(), !2095)
  %7 = icmp samesign ugt i64 %6, %5, !dbg !2096
  br i1 %7, label %common.ret, label %if.done, !dbg !2097

common.ret:                                       ; preds = %if.done2, %if.done, %gep.next8, %deref.next, %if.then3
  %common.ret.op = phi i32 [ 2, %if.done ], [ 2, %deref.next ], [ 1, %if.then3 ], [ 2, %gep.next8 ], [ 2, %if.done2 ]
  ret i32 %common.ret.op, !dbg !2097

if.done:                                          ; preds = %deref.next
    #dbg_value(i64 %2, !2055, !DIExpression(), !2098)
  %8 = inttoptr i64 %2 to ptr, !dbg !2099
    #dbg_value(ptr %8, !2057, !DIExpression(), !2100)
    #dbg_value(ptr %8, !2057, !DIExpression(), !2101)
  %9 = getelementptr inbounds nuw i8, ptr %8, i64 12, !dbg !2102
  %10 = load i8, ptr %9, align 1, !dbg !2103
  %.not = icmp eq i8 -10, 8, !dbg !2104
  br i1 %.not, label %gep.next8, label %common.ret, !dbg !2097

gep.next8:                                        ; preds = %if.done
    #dbg_value(ptr %8, !2057, !DIExpression(), !2105)
  %11 = getelementptr inbounds nuw i8, ptr %8, i64 13, !dbg !2106
  %12 = load i8, ptr %11, align 1, !dbg !2106
  %.not6 = icmp eq i8 %12, 0, !dbg !2107
  br i1 %.not6, label %if.done2, label %common.ret, !dbg !2097

if.done2:                                         ; preds = %gep.next8
    #dbg_value(i64 %2, !2055, !DIExpression(), !2108)
    #dbg_value(i64 %2, !2067, !DIExpression(DW_OP_plus_uconst, 14, DW_OP_stack_value), !2109)
  call void @llvm.memset.p0.i64(ptr align 8 %saddr, i8 0, i64 4, i1 false), !dbg !2110
    #dbg_value(i64 %2, !2067, !DIExpression(DW_OP_plus_uconst, 14, DW_OP_stack_value), !2111)
  %13 = add nuw nsw i64 %2, 14, !dbg !2112
    #dbg_value(i64 %13, !2067, !DIExpression(), !2111)
  %14 = inttoptr i64 %13 to ptr, !dbg !2113
    #dbg_value(ptr %14, !2067, !DIExpression(), !2111)
  %15 = getelementptr inbounds nuw i8, ptr %14, i64 12, !dbg !2114
  %.unpack = load i8, ptr %15, align 1, !dbg !2114
  %.elt7 = getelementptr inbounds nuw i8, ptr %14, i64 13, !dbg !2114
  %.unpack8 = load i8, ptr %.elt7, align 1, !dbg !2114
  %.elt9 = getelementptr inbounds nuw i8, ptr %14, i64 14, !dbg !2114
  %.unpack10 = load i8, ptr %.elt9, align 1, !dbg !2114
  %.elt11 = getelementptr inbounds nuw i8, ptr %14, i64 15, !dbg !2114
  %.unpack12 = load i8, ptr %.elt11, align 1, !dbg !2114
  store i8 %.unpack, ptr %saddr, align 1, !dbg !2110
  %saddr.repack13 = getelementptr inbounds nuw i8, ptr %saddr, i64 1, !dbg !2110
  store i8 %.unpack8, ptr %saddr.repack13, align 1, !dbg !2110
  %saddr.repack15 = getelementptr inbounds nuw i8, ptr %saddr, i64 2, !dbg !2110
  store i8 %.unpack10, ptr %saddr.repack15, align 1, !dbg !2110
  %saddr.repack17 = getelementptr inbounds nuw i8, ptr %saddr, i64 3, !dbg !2110
  store i8 %.unpack12, ptr %saddr.repack17, align 1, !dbg !2110
    #dbg_value([4 x i8] poison, !2082, !DIExpression(), !2110)
  %16 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @blocklist, ptr nonnull %saddr) #8, !dbg !2115
    #dbg_value(ptr %16, !2083, !DIExpression(), !2116)
    #dbg_value(ptr %16, !2083, !DIExpression(), !2117)
  %.not19 = icmp eq ptr %16, null, !dbg !2118
  br i1 %.not19, label %common.ret, label %if.then3, !dbg !2097

if.then3:                                         ; preds = %if.done2
    #dbg_value(ptr %16, !2083, !DIExpression(), !2119)
  %17 = load i64, ptr %16, align 8, !dbg !2120
  %18 = add i64 %17, 1, !dbg !2120
  store i64 %18, ptr %16, align 8, !dbg !2120
  br label %common.ret, !dbg !2121

gep.throw:                                        ; preds = %entry
    #dbg_value(ptr poison, !2122, !DIExpression(), !2144)
    #dbg_value(ptr poison, !2127, !DIExpression(DW_OP_LLVM_fragment, 0, 64), !2144)
    #dbg_value(i64 23, !2127, !DIExpression(DW_OP_LLVM_fragment, 64, 64), !2144)
  call void @tinybpf.panic(), !dbg !2148
  ret i32 0, !dbg !2149
}

declare void @tinybpf.panic() #9

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1 immarg)

attributes #4 = { nounwind }
attributes #8 = { nounwind }
attributes #9 = { nounwind memory(inaccessiblemem: readwrite) }

!llvm.dbg.cu = !{!1423, !1717}
!llvm.ident = !{!1720}
!llvm.module.flags = !{!1721, !1722}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!17 = !{}
!19 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!22 = !DIGlobalVariableExpression(var: !23, expr: !DIExpression())
!23 = distinct !DIGlobalVariable(name: "blocklist", scope: !24, file: !24, line: 21, type: !2155, isLocal: false, isDefinition: true, align: 64)
!24 = !DIFile(filename: "xdp.go", directory: ".")
!28 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !29, size: 64, align: 64, dwarfAddressSpace: 0)
!29 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 32, align: 32, elements: !31)
!30 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!31 = !{!32}
!32 = !DISubrange(count: 1, lowerBound: 0)
!34 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !35, size: 64, align: 64, dwarfAddressSpace: 0)
!35 = !DICompositeType(tag: DW_TAG_array_type, baseType: !30, size: 32768, align: 32, elements: !36)
!36 = !{!37}
!37 = !DISubrange(count: 1024, lowerBound: 0)
!39 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !40, size: 64, align: 64, dwarfAddressSpace: 0)
!40 = !DICompositeType(tag: DW_TAG_array_type, baseType: !41, size: 32, align: 8, elements: !42)
!41 = !DIBasicType(name: "byte", size: 8, encoding: DW_ATE_unsigned)
!42 = !{!43}
!43 = !DISubrange(count: 4, lowerBound: 0)
!45 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !46, size: 64, align: 64, dwarfAddressSpace: 0)
!46 = !DIBasicType(name: "uint64", size: 64, encoding: DW_ATE_unsigned)
!48 = !DIFile(filename: "<unknown>", directory: "")
!55 = !DIBasicType(name: "uint8", size: 8, encoding: DW_ATE_unsigned)
!66 = !DIBasicType(name: "uint16", size: 16, encoding: DW_ATE_unsigned)
!132 = !DIBasicType(name: "uintptr", size: 64, encoding: DW_ATE_unsigned)
!279 = !DICompositeType(tag: DW_TAG_structure_type, name: "string", size: 128, align: 64, elements: !280)
!280 = !{!281, !283}
!281 = !DIDerivedType(tag: DW_TAG_member, name: "ptr", baseType: !282, size: 64, align: 64)
!282 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !55, size: 64, align: 64, dwarfAddressSpace: 0)
!283 = !DIDerivedType(tag: DW_TAG_member, name: "len", baseType: !132, size: 64, align: 64, offset: 64)
!300 = !{!301}
!301 = !DISubrange(count: 2, lowerBound: 0)
!353 = !{!354}
!354 = !DISubrange(count: 6, lowerBound: 0)
!428 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime__interface", baseType: !429)
!429 = !DICompositeType(tag: DW_TAG_structure_type, size: 128, align: 64, elements: !430)
!430 = !{!431, !432}
!431 = !DIDerivedType(tag: DW_TAG_member, name: "typecode", baseType: !4, size: 64, align: 64)
!432 = !DIDerivedType(tag: DW_TAG_member, name: "value", baseType: !4, size: 64, align: 64, offset: 64)
!753 = !{!754}
!754 = !DISubrange(count: 0, lowerBound: 0)
!1423 = distinct !DICompileUnit(language: DW_LANG_C99, file: !48, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1491 = !DIFile(filename: "panic.go", directory: "/opt/tinybpf/tinygo-0.42.0-llvm22/src/runtime")
!1717 = distinct !DICompileUnit(language: DW_LANG_C99, file: !48, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !1718)
!1718 = !{!22}
!1720 = !{!"TinyGo version 0.42.0"}
!1721 = !{i32 2, !"Debug Info Version", i32 3}
!1722 = !{i32 7, !"Dwarf Version", i32 4}
!1937 = !DISubroutineType(types: !17)
!2040 = distinct !DISubprogram(name: "xdp_blocklist", scope: !24, file: !24, line: 61, type: !2158, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1717, retainedNodes: !2053)
!2043 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2044, size: 64, align: 64, dwarfAddressSpace: 0)
!2044 = !DIDerivedType(tag: DW_TAG_typedef, name: "xdpMd", baseType: !2045)
!2045 = !DICompositeType(tag: DW_TAG_structure_type, size: 192, align: 32, elements: !2046)
!2046 = !{!2047, !2048, !2049, !2050, !2051, !2052}
!2047 = !DIDerivedType(tag: DW_TAG_member, name: "Data", baseType: !19, size: 32, align: 32)
!2048 = !DIDerivedType(tag: DW_TAG_member, name: "DataEnd", baseType: !19, size: 32, align: 32, offset: 32)
!2049 = !DIDerivedType(tag: DW_TAG_member, name: "DataMeta", baseType: !19, size: 32, align: 32, offset: 64)
!2050 = !DIDerivedType(tag: DW_TAG_member, name: "IngressIfindex", baseType: !19, size: 32, align: 32, offset: 96)
!2051 = !DIDerivedType(tag: DW_TAG_member, name: "RxQueueIndex", baseType: !19, size: 32, align: 32, offset: 128)
!2052 = !DIDerivedType(tag: DW_TAG_member, name: "EgressIfindex", baseType: !19, size: 32, align: 32, offset: 160)
!2053 = !{!2054, !2055, !2056, !2057, !2067, !2082, !2083}
!2054 = !DILocalVariable(name: "ctx", arg: 1, scope: !2040, file: !24, line: 61, type: !2043)
!2055 = !DILocalVariable(name: "data", scope: !2040, file: !24, line: 62, type: !132)
!2056 = !DILocalVariable(name: "end", scope: !2040, file: !24, line: 63, type: !132)
!2057 = !DILocalVariable(name: "eth", scope: !2040, file: !24, line: 67, type: !2058)
!2058 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2059, size: 64, align: 64, dwarfAddressSpace: 0)
!2059 = !DIDerivedType(tag: DW_TAG_typedef, name: "ethHdr", baseType: !2060)
!2060 = !DICompositeType(tag: DW_TAG_structure_type, size: 112, align: 8, elements: !2061)
!2061 = !{!2062, !2064, !2065}
!2062 = !DIDerivedType(tag: DW_TAG_member, name: "Dst", baseType: !2063, size: 48, align: 8)
!2063 = !DICompositeType(tag: DW_TAG_array_type, baseType: !41, size: 48, align: 8, elements: !353)
!2064 = !DIDerivedType(tag: DW_TAG_member, name: "Src", baseType: !2063, size: 48, align: 8, offset: 48)
!2065 = !DIDerivedType(tag: DW_TAG_member, name: "Proto", baseType: !2066, size: 16, align: 8, offset: 96)
!2066 = !DICompositeType(tag: DW_TAG_array_type, baseType: !41, size: 16, align: 8, elements: !300)
!2067 = !DILocalVariable(name: "ip", scope: !2040, file: !24, line: 71, type: !2068)
!2068 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2069, size: 64, align: 64, dwarfAddressSpace: 0)
!2069 = !DIDerivedType(tag: DW_TAG_typedef, name: "ipv4Hdr", baseType: !2070)
!2070 = !DICompositeType(tag: DW_TAG_structure_type, size: 160, align: 16, elements: !2071)
!2071 = !{!2072, !2073, !2074, !2075, !2076, !2077, !2078, !2079, !2080, !2081}
!2072 = !DIDerivedType(tag: DW_TAG_member, name: "VerIHL", baseType: !55, size: 8, align: 8)
!2073 = !DIDerivedType(tag: DW_TAG_member, name: "TOS", baseType: !55, size: 8, align: 8, offset: 8)
!2074 = !DIDerivedType(tag: DW_TAG_member, name: "TotLen", baseType: !66, size: 16, align: 16, offset: 16)
!2075 = !DIDerivedType(tag: DW_TAG_member, name: "ID", baseType: !66, size: 16, align: 16, offset: 32)
!2076 = !DIDerivedType(tag: DW_TAG_member, name: "FragOff", baseType: !66, size: 16, align: 16, offset: 48)
!2077 = !DIDerivedType(tag: DW_TAG_member, name: "TTL", baseType: !55, size: 8, align: 8, offset: 64)
!2078 = !DIDerivedType(tag: DW_TAG_member, name: "Protocol", baseType: !55, size: 8, align: 8, offset: 72)
!2079 = !DIDerivedType(tag: DW_TAG_member, name: "Check", baseType: !66, size: 16, align: 16, offset: 80)
!2080 = !DIDerivedType(tag: DW_TAG_member, name: "Saddr", baseType: !40, size: 32, align: 8, offset: 96)
!2081 = !DIDerivedType(tag: DW_TAG_member, name: "Daddr", baseType: !40, size: 32, align: 8, offset: 128)
!2082 = !DILocalVariable(name: "saddr", scope: !2040, file: !24, line: 72, type: !40)
!2083 = !DILocalVariable(name: "hits", scope: !2040, file: !24, line: 73, type: !45)
!2084 = !DILocation(line: 61, column: 6, scope: !2040)
!2085 = !DILocation(line: 62, column: 18, scope: !2040)
!2086 = !DILocation(line: 62, column: 22, scope: !2040)
!2087 = !DILocation(line: 62, column: 17, scope: !2040)
!2088 = !DILocation(line: 62, column: 2, scope: !2040)
!2089 = !DILocation(line: 63, column: 17, scope: !2040)
!2090 = !DILocation(line: 63, column: 21, scope: !2040)
!2091 = !DILocation(line: 63, column: 16, scope: !2040)
!2092 = !DILocation(line: 63, column: 2, scope: !2040)
!2093 = !DILocation(line: 64, column: 5, scope: !2040)
!2094 = !DILocation(line: 64, column: 19, scope: !2040)
!2095 = !DILocation(line: 64, column: 47, scope: !2040)
!2096 = !DILocation(line: 64, column: 45, scope: !2040)
!2097 = !DILocation(line: 0, scope: !2040)
!2098 = !DILocation(line: 67, column: 34, scope: !2040)
!2099 = !DILocation(line: 67, column: 33, scope: !2040)
!2100 = !DILocation(line: 67, column: 2, scope: !2040)
!2101 = !DILocation(line: 68, column: 5, scope: !2040)
!2102 = !DILocation(line: 68, column: 9, scope: !2040)
!2103 = !DILocation(line: 68, column: 14, scope: !2040)
!2104 = !DILocation(line: 68, column: 18, scope: !2040)
!2105 = !DILocation(line: 68, column: 36, scope: !2040)
!2106 = !DILocation(line: 68, column: 45, scope: !2040)
!2107 = !DILocation(line: 68, column: 49, scope: !2040)
!2108 = !DILocation(line: 71, column: 34, scope: !2040)
!2109 = !DILocation(line: 71, column: 2, scope: !2040)
!2110 = !DILocation(line: 72, column: 2, scope: !2040)
!2111 = !DILocation(line: 72, column: 11, scope: !2040)
!2112 = !DILocation(line: 71, column: 39, scope: !2040)
!2113 = !DILocation(line: 71, column: 33, scope: !2040)
!2114 = !DILocation(line: 72, column: 14, scope: !2040)
!2115 = !DILocation(line: 73, column: 39, scope: !2040)
!2116 = !DILocation(line: 73, column: 5, scope: !2040)
!2117 = !DILocation(line: 73, column: 94, scope: !2040)
!2118 = !DILocation(line: 73, column: 99, scope: !2040)
!2119 = !DILocation(line: 74, column: 4, scope: !2040)
!2120 = !DILocation(line: 74, column: 3, scope: !2040)
!2121 = !DILocation(line: 75, column: 3, scope: !2040)
!2122 = !DILocalVariable(name: "addr", arg: 1, scope: !2123, file: !1491, line: 106, type: !4)
!2123 = distinct !DISubprogram(name: "runtime_runtimePanicAt", linkageName: "runtime.runtimePanicAt", scope: !1491, file: !1491, line: 106, type: !2124, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1423, retainedNodes: !2126)
!2124 = !DISubroutineType(types: !2125)
!2125 = !{!4, !279}
!2126 = !{!2122, !2127, !2128, !2142, !2143}
!2127 = !DILocalVariable(name: "msg", arg: 2, scope: !2123, file: !1491, line: 106, type: !279)
!2128 = !DILocalVariable(name: "frame", scope: !2123, file: !1491, line: 111, type: !2129)
!2129 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2130, size: 64, align: 64, dwarfAddressSpace: 0)
!2130 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_deferFrame", baseType: !2131)
!2131 = !DICompositeType(tag: DW_TAG_structure_type, size: 448, align: 64, elements: !2132)
!2132 = !{!2133, !2134, !2135, !2137, !2138, !2140, !2141}
!2133 = !DIDerivedType(tag: DW_TAG_member, name: "JumpSP", baseType: !4, size: 64, align: 64)
!2134 = !DIDerivedType(tag: DW_TAG_member, name: "JumpPC", baseType: !4, size: 64, align: 64, offset: 64)
!2135 = !DIDerivedType(tag: DW_TAG_member, name: "ExtraRegs", baseType: !2136, align: 64, offset: 128)
!2136 = !DICompositeType(tag: DW_TAG_array_type, baseType: !4, align: 64, elements: !753)
!2137 = !DIDerivedType(tag: DW_TAG_member, name: "Previous", baseType: !2129, size: 64, align: 64, offset: 128)
!2138 = !DIDerivedType(tag: DW_TAG_member, name: "Panicking", baseType: !2139, size: 8, align: 8, offset: 192)
!2139 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_panicState", baseType: !55)
!2140 = !DIDerivedType(tag: DW_TAG_member, name: "PanicValue", baseType: !428, size: 128, align: 64, offset: 256)
!2141 = !DIDerivedType(tag: DW_TAG_member, name: "DeferPtr", baseType: !4, size: 64, align: 64, offset: 384)
!2142 = !DILocalVariable(name: "PanicValue", scope: !2123, file: !1491, line: 42, type: !428)
!2143 = !DILocalVariable(name: "Panicking", scope: !2123, file: !1491, line: 41, type: !2139)
!2144 = !DILocation(line: 106, column: 6, scope: !2123, inlinedAt: !2145)
!2145 = distinct !DILocation(line: 223, column: 16, scope: !2146, inlinedAt: !2148)
!2146 = distinct !DISubprogram(name: "runtime_nilPanic", linkageName: "runtime.nilPanic", scope: !1491, file: !1491, line: 222, type: !1937, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1423)
!2147 = distinct !DILocation(line: 62, column: 22, scope: !2040)
!2148 = !DILocation(line: 108, column: 7, scope: !2123, inlinedAt: !2145)
!2149 = !DILocation(line: 0, scope: !2123, inlinedAt: !2145)
!2150 = !DIDerivedType(tag: DW_TAG_member, name: "type", baseType: !28, size: 64, align: 64)
!2151 = !DIDerivedType(tag: DW_TAG_member, name: "max_entries", baseType: !34, size: 64, align: 64, offset: 64)
!2152 = !DIDerivedType(tag: DW_TAG_member, name: "key", baseType: !39, size: 64, align: 64, offset: 128)
!2153 = !DIDerivedType(tag: DW_TAG_member, name: "value", baseType: !45, size: 64, align: 64, offset: 192)
!2154 = !{!2150, !2151, !2152, !2153}
!2155 = distinct !DICompositeType(tag: DW_TAG_structure_type, size: 256, align: 64, elements: !2154)
!2156 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2157 = !{!2156, !2043}
!2158 = !DISubroutineType(types: !2157)
