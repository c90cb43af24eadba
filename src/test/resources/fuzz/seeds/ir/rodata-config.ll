; ModuleID = 'main'
source_filename = "main"
target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@multiplier = local_unnamed_addr constant i32 zeroinitializer, section ".rodata", align 4, !dbg !2072
@offset = local_unnamed_addr constant i32 zeroinitializer, section ".rodata", align 4, !dbg !2075
@_license = global [4 x i8] c"GPL\00", section "license", align 1

; Function Attrs: nounwind memory(read, inaccessiblemem: write, target_mem0: none, target_mem1: none) uwtable(sync)
define i32 @scale(ptr nonnull readonly captures(none) dereferenceable(4) %ctx) local_unnamed_addr #6 section "syscall" !dbg !2021 {
entry:
    #dbg_value(ptr %ctx, !2031, !DIExpression(), !2034)
    #dbg_value(ptr %ctx, !2031, !DIExpression(), !2035)
  %0 = icmp eq ptr %ctx, null, !dbg !2036
  br i1 %0, label %gep.throw, label %deref.next, !dbg !2036

deref.next:                                       ; preds = %entry
  %1 = load i32, ptr %ctx, align 4, !dbg !2036
  %2 = load volatile i32, ptr @multiplier, align 4, !dbg !2037
    #dbg_value(i32 %2, !2032, !DIExpression(), !2037)
  %3 = mul i32 %2, %1, !dbg !2038
  %4 = load volatile i32, ptr @offset, align 4, !dbg !2039
    #dbg_value(i32 %4, !2033, !DIExpression(), !2039)
  %5 = add i32 %3, %4, !dbg !2040
  ret i32 %5, !dbg !2041

gep.throw:                                        ; preds = %entry
    #dbg_value(ptr poison, !2042, !DIExpression(), !2064)
    #dbg_value(ptr poison, !2047, !DIExpression(DW_OP_LLVM_fragment, 0, 64), !2064)
    #dbg_value(i64 23, !2047, !DIExpression(DW_OP_LLVM_fragment, 64, 64), !2064)
  call void @tinybpf.panic(), !dbg !2068
  ret i32 0, !dbg !2069
}

declare void @tinybpf.panic() #9

attributes #6 = { nounwind memory(read, inaccessiblemem: write, target_mem0: none, target_mem1: none) }
attributes #9 = { nounwind memory(inaccessiblemem: readwrite) }

!llvm.dbg.cu = !{!22, !1404, !1699}
!llvm.ident = !{!1701}
!llvm.module.flags = !{!1702, !1703}

!4 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
!17 = !{}
!19 = !DIBasicType(name: "uint32", size: 32, encoding: DW_ATE_unsigned)
!22 = distinct !DICompileUnit(language: DW_LANG_C99, file: !23, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !2073)
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
!1699 = distinct !DICompileUnit(language: DW_LANG_C99, file: !23, producer: "TinyGo", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1701 = !{!"TinyGo version 0.42.0"}
!1702 = !{i32 2, !"Debug Info Version", i32 3}
!1703 = !{i32 7, !"Dwarf Version", i32 4}
!1918 = !DISubroutineType(types: !17)
!2021 = distinct !DISubprogram(name: "scale", scope: !2022, file: !2022, line: 20, type: !2078, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !1699, retainedNodes: !2030)
!2022 = !DIFile(filename: "config.go", directory: ".")
!2025 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2026, size: 64, align: 64, dwarfAddressSpace: 0)
!2026 = !DIDerivedType(tag: DW_TAG_typedef, name: "args", baseType: !2027)
!2027 = !DICompositeType(tag: DW_TAG_structure_type, size: 32, align: 32, elements: !2028)
!2028 = !{!2029}
!2029 = !DIDerivedType(tag: DW_TAG_member, name: "X", baseType: !19, size: 32, align: 32)
!2030 = !{!2031, !2032, !2033}
!2031 = !DILocalVariable(name: "ctx", arg: 1, scope: !2021, file: !2022, line: 20, type: !2025)
!2032 = !DILocalVariable(name: "multiplier", scope: !2021, file: !2022, line: 9, type: !19)
!2033 = !DILocalVariable(name: "offset", scope: !2021, file: !2022, line: 12, type: !19)
!2034 = !DILocation(line: 20, column: 6, scope: !2021)
!2035 = !DILocation(line: 21, column: 15, scope: !2021)
!2036 = !DILocation(line: 21, column: 19, scope: !2021)
!2037 = !DILocation(line: 21, column: 21, scope: !2021)
!2038 = !DILocation(line: 21, column: 20, scope: !2021)
!2039 = !DILocation(line: 21, column: 34, scope: !2021)
!2040 = !DILocation(line: 21, column: 32, scope: !2021)
!2041 = !DILocation(line: 21, column: 2, scope: !2021)
!2042 = !DILocalVariable(name: "addr", arg: 1, scope: !2043, file: !1472, line: 106, type: !4)
!2043 = distinct !DISubprogram(name: "runtime_runtimePanicAt", linkageName: "runtime.runtimePanicAt", scope: !1472, file: !1472, line: 106, type: !2044, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1404, retainedNodes: !2046)
!2044 = !DISubroutineType(types: !2045)
!2045 = !{!4, !257}
!2046 = !{!2042, !2047, !2048, !2062, !2063}
!2047 = !DILocalVariable(name: "msg", arg: 2, scope: !2043, file: !1472, line: 106, type: !257)
!2048 = !DILocalVariable(name: "frame", scope: !2043, file: !1472, line: 111, type: !2049)
!2049 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: !2050, size: 64, align: 64, dwarfAddressSpace: 0)
!2050 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_deferFrame", baseType: !2051)
!2051 = !DICompositeType(tag: DW_TAG_structure_type, size: 448, align: 64, elements: !2052)
!2052 = !{!2053, !2054, !2055, !2057, !2058, !2060, !2061}
!2053 = !DIDerivedType(tag: DW_TAG_member, name: "JumpSP", baseType: !4, size: 64, align: 64)
!2054 = !DIDerivedType(tag: DW_TAG_member, name: "JumpPC", baseType: !4, size: 64, align: 64, offset: 64)
!2055 = !DIDerivedType(tag: DW_TAG_member, name: "ExtraRegs", baseType: !2056, align: 64, offset: 128)
!2056 = !DICompositeType(tag: DW_TAG_array_type, baseType: !4, align: 64, elements: !734)
!2057 = !DIDerivedType(tag: DW_TAG_member, name: "Previous", baseType: !2049, size: 64, align: 64, offset: 128)
!2058 = !DIDerivedType(tag: DW_TAG_member, name: "Panicking", baseType: !2059, size: 8, align: 8, offset: 192)
!2059 = !DIDerivedType(tag: DW_TAG_typedef, name: "runtime_panicState", baseType: !30)
!2060 = !DIDerivedType(tag: DW_TAG_member, name: "PanicValue", baseType: !408, size: 128, align: 64, offset: 256)
!2061 = !DIDerivedType(tag: DW_TAG_member, name: "DeferPtr", baseType: !4, size: 64, align: 64, offset: 384)
!2062 = !DILocalVariable(name: "PanicValue", scope: !2043, file: !1472, line: 42, type: !408)
!2063 = !DILocalVariable(name: "Panicking", scope: !2043, file: !1472, line: 41, type: !2059)
!2064 = !DILocation(line: 106, column: 6, scope: !2043, inlinedAt: !2065)
!2065 = distinct !DILocation(line: 223, column: 16, scope: !2066, inlinedAt: !2067)
!2066 = distinct !DISubprogram(name: "runtime_nilPanic", linkageName: "runtime.nilPanic", scope: !1472, file: !1472, line: 222, type: !1918, flags: DIFlagPrototyped, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1404)
!2067 = distinct !DILocation(line: 21, column: 19, scope: !2021)
!2068 = !DILocation(line: 108, column: 7, scope: !2043, inlinedAt: !2065)
!2069 = !DILocation(line: 0, scope: !2043, inlinedAt: !2065)
!2070 = !DIBasicType(name: "u32", size: 32, encoding: DW_ATE_unsigned)
!2071 = distinct !DIGlobalVariable(name: "multiplier", scope: !22, file: !23, type: !2070, isLocal: false, isDefinition: true)
!2072 = !DIGlobalVariableExpression(var: !2071, expr: !DIExpression())
!2073 = !{!2072, !2075}
!2074 = distinct !DIGlobalVariable(name: "offset", scope: !22, file: !23, type: !2070, isLocal: false, isDefinition: true)
!2075 = !DIGlobalVariableExpression(var: !2074, expr: !DIExpression())
!2076 = !DIBasicType(name: "int32", size: 32, encoding: DW_ATE_signed)
!2077 = !{!2076, !2025}
!2078 = !DISubroutineType(types: !2077)
