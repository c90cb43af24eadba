package io.tinybpf.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.diag.BuildException;
import io.tinybpf.ir.Function;
import io.tinybpf.ir.GlobalVar;
import io.tinybpf.ir.MetadataDef;
import io.tinybpf.ir.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The passes on small modules written the way TinyGo prints them. These check the rewrites
 * themselves; {@code TransformLlvmTest} runs the same modules through opt and llc, and the example
 * suites through the kernel.
 */
class TransformTest {
    /** A TinyGo-style module: one program, a value-form map, a typed map, runtime leftovers. */
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
            !71 = !DISubroutineType(types: !72)
            !72 = !{!73}
            !73 = !DILocalVariable(name: "ctx", arg: 1, scope: !70, file: !7, line: 20, type: !74)
            !74 = !DIDerivedType(tag: DW_TAG_pointer_type, name: "unsafe.Pointer", baseType: null, size: 64, align: 64, dwarfAddressSpace: 0)
            !75 = !DILocation(line: 21, column: 6, scope: !70)
            !76 = !DILocation(line: 22, column: 9, scope: !70)
            !77 = !DILocation(line: 23, column: 3, scope: !70)
            !78 = !DILocation(line: 24, column: 3, scope: !70)
            !79 = !DILocation(line: 25, column: 3, scope: !70)
            !80 = distinct !DISubprogram(name: "main.helper", linkageName: "main.helper", scope: !7, file: !7, line: 30, type: !71, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition | DISPFlagOptimized, unit: !1)
            !84 = !DILocation(line: 31, column: 2, scope: !80)
            """;

    static Module transform(String ir, Map<String, String> sections) throws Exception {
        Module m = Module.parse(ir);
        Transformer.run(m, new TransformOptions(List.of(), sections, "GPL", java.nio.file.Path.of("/home/user/probe")));
        return m;
    }

    static Module transform() throws Exception {
        return transform(MODULE, Map.of("prog", "xdp"));
    }

    @Test
    void retargetsAndStripsHostAttributes() throws Exception {
        String out = transform().print();
        assertTrue(out.contains("target triple = \"bpf\""));
        assertTrue(out.contains("target datalayout = \"e-m:e-p:64:64-i64:64-i128:128-n32:64-S128\""));
        assertFalse(out.contains("target-cpu"));
        assertFalse(out.contains("target-features"));
        assertFalse(out.contains("allockind"));
        assertFalse(out.contains("uwtable"));
    }

    @Test
    void keepsProgramsAndWhatTheyReach() throws Exception {
        Module m = transform();
        assertNotNull(m.function("prog"));
        assertEquals("xdp", m.function("prog").section());
        Function helper = m.function("main.helper");
        assertNotNull(helper, "a callee of a program is kept");
        assertNull(helper.section(), "only programs get sections");
        assertTrue(helper.isInternal());
        assertNull(m.function("main"), "TinyGo's main is dropped");
        assertNull(m.globalVar("runtime.buildVersion"));
        assertNull(m.function("runtime.alloc"));
    }

    @Test
    void helperCallsByNumberWithoutTheContextArgument() throws Exception {
        String out = transform().print();
        assertTrue(out.contains("call ptr inttoptr (i64 1 to ptr)(ptr nonnull @counters, ptr nonnull %key)"), out);
        assertTrue(out.contains("call i64 inttoptr (i64 14 to ptr)()"), out);
        assertTrue(out.contains("call i64 inttoptr (i64 130 to ptr)(ptr nonnull @events, ptr nonnull %key, i64 4, i64 0)"), out);
        assertFalse(out.contains("@main.bpf"));
    }

    @Test
    void heapToStack() throws Exception {
        Module m = transform();
        List<String> entry = m.function("prog").entryBlock().lines().stream().map(l -> l.text().strip()).toList();
        assertEquals("%key = alloca [4 x i8], align 8", entry.getFirst());
        assertTrue(m.print().contains("call void @llvm.memset.p0.i64(ptr align 8 %key, i8 0, i64 4, i1 false), !dbg !75"));
    }

    @Test
    void panicPathsReturnASafeValueThroughAMarker() throws Exception {
        String out = transform().print();
        assertFalse(out.contains("@llvm.trap"));
        assertTrue(out.contains("call void @tinybpf.panic(), !dbg !77"), out);
        assertTrue(out.contains("ret i32 0, !dbg !77"), "XDP returns XDP_ABORTED where it would have panicked");
    }

    @Test
    void eachMapGetsItsOwnDefinition() throws Exception {
        Module m = transform();
        GlobalVar counters = m.globalVar("counters");
        assertEquals(".maps", counters.section());
        assertTrue(counters.qualifiers().isEmpty(), "maps are global symbols");
        assertEquals("{ ptr, ptr, ptr, ptr }", counters.typeText());
        MetadataDef var = m.metadata(21);
        assertEquals("counters", var.stringField("name"));
        MetadataDef def = m.metadata(var.refField("type"));
        List<String> names = m.metadata(def.refField("elements")).elementRefs().stream().map(id -> m.metadata(id).stringField("name")).toList();
        assertEquals(List.of("type", "key_size", "value_size", "max_entries"), names);

        GlobalVar events = m.globalVar("events");
        MetadataDef evDef = m.metadata(m.metadata(41).refField("type"));
        List<String> evNames = m.metadata(evDef.refField("elements")).elementRefs().stream().map(id -> m.metadata(id).stringField("name")).toList();
        assertEquals(List.of("type", "max_entries"), evNames, "Event is not a libbpf attribute");
        assertNotEquals(var.refField("type"), m.metadata(41).refField("type"));
        assertEquals(".maps", events.section());
        // the definition is a private copy: TinyGo shares member nodes between Go types
        assertFalse(m.metadata(def.refField("elements")).elementRefs().contains(25));
    }

    @Test
    void ringBufferRecordTypeIsAnchoredAfterTheLicense() throws Exception {
        Module m = transform();
        GlobalVar lic = m.globalVar("_license");
        GlobalVar anchor = m.globalVar("__tinybpf_event_events");
        assertNotNull(anchor);
        assertEquals("license", anchor.section());
        assertEquals("[4 x i8]", anchor.typeText());
        List<GlobalVar> all = m.globalVars();
        assertTrue(all.indexOf(lic) < all.indexOf(anchor), "the license string comes first in its section");
        assertEquals("c\"GPL\\00\"", lic.initializer());
    }

    @Test
    void dataGlobalsGetSectionsAndGoNames() throws Exception {
        Module m = transform();
        GlobalVar hits = m.globalVar("hits");
        assertNull(hits, "unused globals are dropped");
    }

    @Test
    void programDebugInfoNamesTheElfSymbol() throws Exception {
        Module m = transform();
        MetadataDef sp = m.metadata(70);
        assertEquals("prog", sp.stringField("name"));
        assertFalse(sp.field("spFlags").contains("LocalToUnit"), "programs are global BTF functions");
        MetadataDef file = m.metadata(7);
        assertEquals(".", file.stringField("directory"), "paths under the package directory become relative");
        // the prototype is rebuilt from the IR signature: int32 prog(void *ctx)
        MetadataDef type = m.metadata(sp.refField("type"));
        List<Integer> types = m.metadata(type.refField("types")).elementRefs();
        assertEquals("int32", m.metadata(types.get(0)).stringField("name"));
        assertEquals(2, types.size());
        assertNull(m.metadata(74).stringField("name"), "BTF pointers are anonymous");
    }

    @Test
    void runtimeDebugInfoIsDropped() throws Exception {
        String out = transform().print();
        assertTrue(out.contains("!llvm.dbg.cu = !{!1}"), "the unused compile unit goes");
        assertFalse(out.contains("!62 ="), "debug info of dropped globals goes");
    }

    @Test
    void transformIsDeterministic() throws Exception {
        assertEquals(transform().print(), transform().print());
    }

    @Test
    void programWithoutSectionIsAnError() {
        BuildException e = assertThrows(BuildException.class, () -> transform(MODULE, Map.of()));
        assertTrue(e.format().contains("prog.go:20: error: program prog has no ELF section"), e.format());
    }

    @Test
    void sectionForAMissingFunctionIsAnError() {
        BuildException e = assertThrows(BuildException.class, () -> transform(MODULE, Map.of("prog", "xdp", "porg", "xdp")));
        assertTrue(e.format().contains("--section porg=...: there is no exported function porg"), e.format());
    }

    @Test
    void explicitProgramMustExist() {
        BuildException e = assertThrows(BuildException.class, () -> {
            Module m = Module.parse(MODULE);
            Transformer.run(m, new TransformOptions(List.of("nope"), Map.of("prog", "xdp"), "GPL", null));
        });
        assertTrue(e.format().contains("requested program \"nope\""), e.format());
    }

    @Test
    void unknownHelperWithSuggestionAtGoLine() {
        String bad = MODULE.replace("@main.bpfGetCurrentPidTgid(ptr undef)", "@main.bpfGetCurrentPidTgidd(ptr undef)")
                .replace("declare i64 @main.bpfGetCurrentPidTgid(ptr)", "declare i64 @main.bpfGetCurrentPidTgidd(ptr)");
        BuildException e = assertThrows(BuildException.class, () -> transform(bad, Map.of("prog", "xdp")));
        assertTrue(e.format().contains("prog.go:24:3: error: unknown BPF helper bpfGetCurrentPidTgidd (did you mean bpfGetCurrentPidTgid?)"), e.format());
    }

    @Test
    void helperArityIsChecked() {
        String bad = MODULE.replace("@main.bpfGetCurrentPidTgid(ptr undef)", "@main.bpfGetCurrentPidTgid(i32 1, ptr undef)");
        BuildException e = assertThrows(BuildException.class, () -> transform(bad, Map.of("prog", "xdp")));
        assertTrue(e.format().contains("bpfGetCurrentPidTgid is declared with 1 parameter(s) but bpf_get_current_pid_tgid takes 0"), e.format());
    }

    @Test
    void badMapDefinitionsAreCaught() {
        String bad = MODULE.replace("i32 2, i32 4, i32 8, i32 16, i32 0", "i32 27, i32 4, i32 8, i32 1000, i32 0");
        BuildException e = assertThrows(BuildException.class, () -> transform(bad, Map.of("prog", "xdp")));
        assertTrue(e.format().contains("prog.go:10: error: map counters: a ring buffer's MaxEntries"), e.format());
        assertTrue(e.format().contains("map counters: a ring buffer has no key or value size"), e.format());
    }

    @Test
    void floatArithmeticIsRejected() {
        String bad = MODULE.replace("%4 = add i64 %3, %2, !dbg !78", "%f = uitofp i64 %3 to double, !dbg !78\n  %4 = add i64 %3, %2, !dbg !78");
        BuildException e = assertThrows(BuildException.class, () -> transform(bad, Map.of("prog", "xdp")));
        assertTrue(e.format().contains("prog.go:24:3: error: floating-point arithmetic is not supported by BPF"), e.format());
    }

    @Test
    void dynamicAllocationIsRejected() {
        String bad = MODULE.replace("@runtime.alloc(i64 4,", "@runtime.alloc(i64 %n,").replace("define i32 @prog(ptr %ctx)", "define i32 @prog(ptr %ctx, i64 %n)");
        BuildException e = assertThrows(BuildException.class, () -> transform(bad, Map.of("prog", "xdp")));
        assertTrue(e.format().contains("prog.go:21:6: error: make with a non-constant length"), e.format());
    }

    @Test
    void oversizedAllocationIsRejected() {
        String bad = MODULE.replace("@runtime.alloc(i64 4,", "@runtime.alloc(i64 4096,");
        BuildException e = assertThrows(BuildException.class, () -> transform(bad, Map.of("prog", "xdp")));
        assertTrue(e.format().contains("a 4096-byte value escapes to the heap and does not fit the 512-byte BPF stack"), e.format());
    }

    @Test
    void userLicenseWins() throws Exception {
        String withLicense = MODULE.replace("@main.hits = internal global i64 0, align 8, !dbg !60",
                "@main.license = internal global [13 x i8] c\"Dual BSD/GPL\\00\", align 1");
        Module m = transform(withLicense, Map.of("prog", "xdp"));
        GlobalVar lic = m.globalVar("_license");
        assertEquals("license", lic.section());
        assertEquals("c\"Dual BSD/GPL\\00\"", lic.initializer());
    }
}
