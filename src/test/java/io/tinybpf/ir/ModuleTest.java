package io.tinybpf.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleTest {
    static final String SAMPLE = """
            ; ModuleID = 'main'
            source_filename = "main"
            target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
            target triple = "x86_64-unknown-linux-musleabihf"

            %main.bpfMapDef = type { i32, i32, i32, i32, i32 }
            %"sync/atomic.Bool" = type { %"sync/atomic.noCopy", i32 }

            @main.counters = internal global %main.bpfMapDef { i32 2, i32 4, i32 8, i32 1, i32 0 }, align 4, !dbg !22
            @.string = private unnamed_addr global [6 x i8] c"0.42.0", align 1
            @"quoted name" = external global i32

            ; Function Attrs: allockind("alloc,zeroed") allocsize(0)
            declare noalias nonnull ptr @runtime.alloc(i64, ptr, ptr) local_unnamed_addr #0

            ; Function Attrs: nounwind uwtable(sync)
            define noundef i32 @count(ptr readnone captures(none) %ctx) local_unnamed_addr #4 !dbg !2033 {
            entry:
                #dbg_value(ptr %ctx, !2037, !DIExpression(), !2040)
              %key = call align 4 dereferenceable(4) ptr @runtime.alloc(i64 4, ptr nonnull inttoptr (i64 3 to ptr), ptr undef) #8, !dbg !2041
              %0 = call ptr @main.bpfMapLookupElem(ptr nonnull @main.counters, ptr nonnull %key, ptr undef) #8, !dbg !2042
              %.not = icmp eq ptr %0, null, !dbg !2045
              br i1 %.not, label %if.done, label %if.then, !dbg !2046

            if.then:                                          ; preds = %entry
              %1 = call i64 @main.bpfGetCurrentPidTgid(ptr undef) #8, !dbg !2048
              switch i32 0, label %if.done [
                i32 1, label %if.done
              ]

            if.done:                                          ; preds = %if.then, %entry
              ret i32 0, !dbg !2051
            }

            declare ptr @main.bpfMapLookupElem(ptr, ptr, ptr) local_unnamed_addr #1

            attributes #0 = { allockind("alloc,zeroed") allocsize(0) "alloc-family"="runtime.alloc" "target-cpu"="x86-64" }
            attributes #4 = { nounwind uwtable(sync) "target-cpu"="x86-64" "target-features"="+cmov,+cx8" }

            !llvm.dbg.cu = !{!33}
            !22 = !DIGlobalVariableExpression(var: !23, expr: !DIExpression())
            !25 = !DIDerivedType(tag: DW_TAG_typedef, name: "main.bpfMapDef", baseType: !26)
            !26 = !DICompositeType(tag: DW_TAG_structure_type, size: 160, align: 32, elements: !27)
            !27 = !{!28, !29}
            !2033 = distinct !DISubprogram(name: "main.count", linkageName: "count", scope: !24, file: !24, line: 17, type: !2034, spFlags: DISPFlagLocalToUnit | DISPFlagDefinition, unit: !1710)
            """;

    @Test
    void roundTripsByteForByte() throws Exception {
        assertEquals(SAMPLE, Module.parse(SAMPLE).print());
        String crlf = SAMPLE.replace("\n", "\r\n");
        assertEquals(crlf, Module.parse(crlf).print());
        String noFinalNewline = SAMPLE.strip();
        assertEquals(noFinalNewline, Module.parse(noFinalNewline).print());
    }

    @Test
    void writeToWritesWhatPrintReturns(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        Module m = Module.parse(SAMPLE);
        m.rename("main.count", "count_renamed");
        java.nio.file.Path f = tmp.resolve("m.ll");
        m.writeTo(f);
        assertEquals(m.print(), java.nio.file.Files.readString(f));
    }

    /** LLVM reads a newline inside an instruction as a space (a fuzzer found a load split after its comma). */
    @Test
    void anInstructionSplitAcrossLinesIsOneInstruction() throws Exception {
        String ir = """
                define i8 @f(ptr %p) personality ptr @h {
                entry:
                  %v = load i8,
                     ptr %p, align 1
                  store i8 %v,
                    ptr %p
                  %r = invoke i8 @g(ptr %p)
                          to label %ok unwind label %bad
                ok:
                  ret i8 %r
                bad:
                  %lp = landingpad { ptr, i32 }
                          cleanup
                  ret i8 0
                }
                """;
        Module m = Module.parse(ir);
        assertEquals(ir, m.print(), "byte for byte");
        List<BodyLine> entry = m.function("f").blocks().getFirst().lines();
        assertEquals(3, entry.size(), "load, store, invoke: " + entry);
        Inst.Load load = assertInstanceOf(Inst.Load.class, entry.get(0).inst());
        assertEquals("p", load.pointer().local());
        Inst.Store store = assertInstanceOf(Inst.Store.class, entry.get(1).inst());
        assertEquals("p", store.pointer().local());
        assertEquals(2, m.function("f").blocks().get(2).lines().size(), "landingpad with its clause, ret");
    }

    @Test
    void classifiesEntities() throws Exception {
        Module m = Module.parse(SAMPLE);
        assertEquals(List.of("runtime.alloc", "count", "main.bpfMapLookupElem"),
                m.functions().stream().map(Function::name).toList());
        assertEquals(3, m.globalVars().size());
        assertNotNull(m.globalVar("quoted name"));
        assertTrue(m.globalVar("quoted name").isDeclaration());
        assertEquals("main.bpfMapDef", m.typeDefs().getFirst().name());
        assertEquals("sync/atomic.Bool", m.typeDefs().get(1).name());
        assertEquals(2, m.metadata(26).intField("size", 0) / 80);
        assertEquals(List.of(28, 29), m.metadata(27).elementRefs());
        assertEquals("DISubprogram", m.metadata(2033).kind());
        assertTrue(m.metadata(2033).isDistinct());
        assertEquals(List.of(33), m.namedMetadata("llvm.dbg.cu").refs());
    }

    @Test
    void functionStructure() throws Exception {
        Function f = Module.parse(SAMPLE).function("count");
        assertEquals(Type.I32, f.returnType());
        assertEquals(List.of("entry", "if.then", "if.done"), f.blocks().stream().map(Function.Block::name).toList());
        assertEquals("ctx", f.params().getFirst().name());
        assertEquals(Type.PTR, f.params().getFirst().type());
        assertEquals(List.of(4), f.attributeGroups());
        assertEquals(2033, f.attachment("dbg"));
        BodyLine sw = f.blocks().get(1).lines().get(1);
        assertEquals("switch", sw.opcode());
        assertTrue(sw.text().contains("\n"), "multi-line switch is one logical line");
        assertEquals("br", f.blocks().getFirst().terminator().opcode());
        assertFalse(f.isInternal());
    }

    @Test
    void callView() throws Exception {
        Function f = Module.parse(SAMPLE).function("count");
        List<BodyLine> entry = f.entryBlock().lines();
        assertEquals(BodyLine.Kind.DEBUG_RECORD, entry.getFirst().kind());
        Call alloc = entry.get(1).call();
        assertEquals("runtime.alloc", alloc.calleeName());
        assertEquals(Type.PTR, alloc.returnType());
        assertEquals(List.of("align 4", "dereferenceable(4)"), alloc.returnAttributes());
        List<Operand> args = alloc.arguments();
        assertEquals(List.of("i64 4", "ptr nonnull inttoptr (i64 3 to ptr)", "ptr undef"), args.stream().map(Operand::toString).toList());
        assertEquals(new Value.IntToPtr(Type.I64, 3), args.get(1).value());
        assertEquals(List.of("nonnull"), args.get(1).attributes());
        assertEquals(4L, args.get(0).value().intValue());
        assertEquals("key", entry.get(1).result());
        assertEquals(2041, entry.get(1).attachment("dbg"));

        Call lookup = entry.get(2).call();
        lookup.setCalleeAndArguments(new Value.IntToPtr(Type.I64, 1), lookup.arguments().subList(0, 2));
        assertEquals("  %0 = call ptr inttoptr (i64 1 to ptr)(ptr nonnull @main.counters, ptr nonnull %key) #8, !dbg !2042",
                entry.get(2).text());
        Call again = entry.get(2).call();
        assertNull(again.calleeName());
        assertEquals("inttoptr (i64 1 to ptr)", again.calleeText());
    }

    @Test
    void varargAndAggregateCalls() {
        BodyLine l = BodyLine.instruction("%r = tail call i32 (ptr, ...) @printf(ptr @fmt, i32 1)");
        assertEquals("printf", l.call().calleeName());
        assertEquals(Type.I32, l.call().returnType());
        BodyLine a = BodyLine.instruction("%p = call { i64, i1 } @llvm.uadd.with.overflow.i64(i64 %a, i64 %b)");
        assertEquals(new Type.Struct(List.of(Type.I64, Type.I1), false), a.call().returnType());
        BodyLine ind = BodyLine.instruction("call void %fp(i32 1)");
        assertNull(ind.call().calleeName());
        assertEquals("%fp", ind.call().calleeText());
    }

    @Test
    void renameIsTokenExact() throws Exception {
        String src = """
                @main.events = global i32 0
                @main.events2 = global i32 0
                define void @f() {
                  store i32 1, ptr @main.events
                  store i32 2, ptr @main.events2
                  ret void
                }
                """;
        Module m = Module.parse(src);
        assertEquals(2, m.rename("main.events", "events"));
        String out = m.print();
        assertTrue(out.contains("@events = global i32 0"));
        assertTrue(out.contains("ptr @main.events2"));
        assertTrue(out.contains("store i32 1, ptr @events\n"));
        assertNotNull(m.globalVar("events"));
        assertEquals(1, m.rename("f", "has space"));
        assertTrue(m.print().contains("define void @\"has space\"()"));
    }

    @Test
    void globalVarEdits() throws Exception {
        Module m = Module.parse(SAMPLE);
        GlobalVar g = m.globalVar("main.counters");
        assertEquals(List.of("internal"), g.qualifiers());
        assertEquals("%main.bpfMapDef", g.typeText());
        assertEquals("{ i32 2, i32 4, i32 8, i32 1, i32 0 }", g.initializer());
        assertEquals(4, g.align());
        assertEquals(22, g.attachment("dbg"));
        g.setSection(".maps");
        g.setQualifiers(List.of());
        assertEquals(new Type.Named("main.bpfMapDef"), g.type());
        g.setTypeAndInitializer(new Type.Struct(List.of(Type.PTR, Type.PTR), false), Value.ZERO);
        g.setAlign(8);
        assertEquals("@main.counters = global { ptr, ptr } zeroinitializer, section \".maps\", align 8, !dbg !22", g.text());
        assertEquals(".maps", g.section());
        GlobalVar s = m.globalVar(".string");
        assertEquals("c\"0.42.0\"", s.initializer());
        assertEquals(List.of("private", "unnamed_addr"), s.qualifiers());
    }

    @Test
    void setConstantChangesTheKeywordNotASymbolNamedGlobal() throws Exception {
        // a //go:extern variable may be called "global": only the keyword may change
        Module m = Module.parse("@global = external global i32\n");
        GlobalVar g = m.globalVar("global");
        g.setConstant(true);
        assertEquals("@global = external constant i32", g.text());
        assertTrue(g.isConstant());
        g.setConstant(false);
        assertEquals("@global = external global i32", g.text());
    }

    @Test
    void functionHeaderEdits() throws Exception {
        Module m = Module.parse(SAMPLE);
        Function f = m.function("count");
        f.setSection("xdp");
        assertEquals("xdp", f.section());
        assertTrue(f.text().contains("#4 section \"xdp\" !dbg !2033 {"), f.text());
        Function d = m.function("main.bpfMapLookupElem");
        d.setParams(List.of(new Function.Param(Type.PTR, List.of(), null), new Function.Param(Type.PTR, List.of(), null)));
        assertEquals("declare ptr @main.bpfMapLookupElem(ptr, ptr) local_unnamed_addr #1", d.text());
        d.setAttachment("dbg", 7);
        assertEquals("declare !dbg !7 ptr @main.bpfMapLookupElem(ptr, ptr) local_unnamed_addr #1", d.text());
        assertEquals(7, d.attachment("dbg"));
        f.setLinkage("internal");
        assertTrue(f.text().startsWith("define internal noundef i32 @count("), f.text());
        assertTrue(f.isInternal());
    }

    @Test
    void linkageReplacesExistingLinkageWords() throws Exception {
        Module m = Module.parse("define dso_local i32 @twice(i32 %x) {\n  ret i32 %x\n}\n");
        Function f = m.function("twice");
        f.setLinkage("internal");
        assertEquals("define internal i32 @twice(i32 %x) {", f.text());
        f.setLinkage("");
        assertEquals("define i32 @twice(i32 %x) {", f.text());
        Module n = Module.parse("define noundef i32 @g() {\n  ret i32 0\n}\n");
        n.function("g").setLinkage("internal");
        assertEquals("define internal noundef i32 @g() {", n.function("g").text());
    }

    @Test
    void attributeGroups() throws Exception {
        Module m = Module.parse(SAMPLE);
        AttributeGroup g = m.attributeGroup(0);
        assertEquals(List.of("allockind(\"alloc,zeroed\")", "allocsize(0)", "\"alloc-family\"=\"runtime.alloc\"",
                "\"target-cpu\"=\"x86-64\""), g.attributes());
        assertEquals(4, g.removeIf(a -> true));
        assertEquals("attributes #0 = { nounwind }", g.text());
        AttributeGroup h = m.attributeGroup(4);
        h.removeIf(a -> a.startsWith("\"target-"));
        assertEquals("attributes #4 = { nounwind uwtable(sync) }", h.text());
    }

    @Test
    void metadataEdits() throws Exception {
        Module m = Module.parse(SAMPLE);
        MetadataDef sp = m.metadata(2033);
        assertEquals("main.count", sp.stringField("name"));
        sp.setField("name", Md.str("count"));
        sp.setField("spFlags", Md.word("DISPFlagDefinition"));
        assertEquals(24, sp.refField("file"));
        sp.removeField("scope");
        assertEquals("!2033 = distinct !DISubprogram(name: \"count\", linkageName: \"count\", file: !24, line: 17, "
                + "type: !2034, spFlags: DISPFlagDefinition, unit: !1710)", sp.text());
        MetadataDef t = m.metadata(25);
        t.removeField("tag");
        assertEquals("!25 = !DIDerivedType(name: \"main.bpfMapDef\", baseType: !26)", t.text());
        t.setField("size", Md.num(64));
        assertTrue(t.text().endsWith("baseType: !26, size: 64)"));
        int id = m.add(Md.Node.of("DIBasicType").set("name", "int").set("size", 32).set("encoding", Md.word("DW_ATE_signed")));
        assertEquals(2034, id);
        assertEquals("int", m.metadata(id).stringField("name"));
        m.metadata(27).setElementRefs(List.of(28));
        assertEquals("!27 = !{!28}", m.metadata(27).text());
    }

    @Test
    void references() throws Exception {
        Module m = Module.parse(SAMPLE);
        Function f = m.function("count");
        assertEquals(Set.of("runtime.alloc", "main.bpfMapLookupElem", "main.counters", "main.bpfGetCurrentPidTgid"),
                Module.globalRefs(f));
        assertEquals(Set.of(4, 8), Module.attributeRefs(f));
        java.util.Set<Integer> md = new java.util.TreeSet<>();
        Module.metadataRefs(m.metadata(26), md::add);
        assertEquals(Set.of(27), md);
    }

    @Test
    void metadataReferencesSkipStringsCommentsAndNames() throws Exception {
        Module m = Module.parse("""
                @"g!1" = global i32 0, !dbg !2 ; not !3
                define void @f() {
                  call void @"h!4"(ptr @"a;!5"), !dbg !6 ; !7 "!8
                  ret void, !tbaa!9
                }
                !10 = !{!"x;!11", !12, !"!13", !DIBasicType(name: "!14"), !15}
                """);
        java.util.List<Integer> refs = new java.util.ArrayList<>();
        for (Entity e : m.entries()) Module.metadataRefs(e, refs::add);
        assertEquals(List.of(2, 6, 12, 15), refs);
    }

    @Test
    void removeTakesFunctionAttrsComment() throws Exception {
        Module m = Module.parse(SAMPLE);
        m.remove(m.function("runtime.alloc"));
        String out = m.print();
        assertFalse(out.contains("allocsize(0)\ndeclare"));
        assertFalse(out.contains("@runtime.alloc(i64, ptr, ptr)"));
        assertTrue(out.contains("; Function Attrs: nounwind uwtable(sync)\ndefine"));
    }

    @Test
    void insertInstructions() throws Exception {
        Module m = Module.parse(SAMPLE);
        Function f = m.function("count");
        f.insertAtEntry(BodyLine.instruction("%key = alloca [4 x i8], align 4"));
        assertTrue(m.print().contains("entry:\n  %key = alloca [4 x i8], align 4\n    #dbg_value"));
    }

    @Test
    void rejectsGarbage() {
        IrParseException e = assertThrows(IrParseException.class, () -> Module.parse("this is not llvm ir\n"));
        assertEquals(1, e.line());
        assertThrows(IrParseException.class, () -> Module.parse("define void @f() {\n  ret void\n"));
        assertThrows(IrParseException.class, () -> Module.parse("\n\n@x i32 5\n"));
        IrParseException u = assertThrows(IrParseException.class,
                () -> Module.parse("define void @f() {\nentry:\n  call void @g(i32 1\n  ret void\n}\n"));
        assertTrue(u.getMessage().contains("not closed") || u.getMessage().contains("unbalanced"), u.getMessage());
    }

    @Test
    void lexerKeepsEverything() {
        Tokens t = Tokens.of("%x = fadd double 1.000000e+00, 0x3FF0000000000000 ; c\n!dbg !12 #dbg_value c\"a\\00\" \"q\": ...");
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < t.size(); i++) kinds.append(Tok.name(t.kind(i))).append(' ');
        assertEquals("local punct word word word punct word comment metadata-name metadata-id debug-record string label punct ",
                kinds.toString());
        assertEquals("1.000000e+00", t.text(4));
        assertEquals("a\0", t.stringValue(11));
    }

    /** Texts from 16 Ki characters on keep their tokens in the wide form: same tokens, same edits. */
    @Test
    void longTextsLexTheSameAsShortOnes() {
        String item = "i8 %x, ptr @\"a b\", !7 ; c\n";
        for (int len : new int[] {Tokens.SHORT - 200, Tokens.SHORT + 200, 3 * Tokens.SHORT}) {
            String text = item.repeat(len / item.length() + 1) + "\"end\"";
            Tokens t = Tokens.of(text);
            int n = len / item.length() + 1;
            assertEquals(8 * n + 1, t.size(), "length " + text.length());
            int last = t.size() - 2; // the final comment
            assertEquals(Tok.COMMENT, t.kind(last));
            assertEquals("; c", t.text(last));
            assertEquals("a b", t.identName(last - 3));
            assertEquals(7, t.number(last - 1));
            assertEquals("end", t.stringValue(t.size() - 1));
            assertEquals(text.length(), t.end(t.size() - 1));
            String edited = t.edit().replace(t.size() - 1, "\"done\"").apply();
            assertEquals(text.substring(0, text.length() - 5) + "\"done\"", edited);
        }
    }

    @Test
    void quoting() {
        assertEquals("@foo.bar", Names.global("foo.bar"));
        assertEquals("@\"internal/task.start\"", Names.global("internal/task.start"));
        assertEquals("@42", Names.global("42"));
        assertEquals("@\"4x\"", Names.global("4x"));
        assertEquals("\"a\\22b\\0A\"", Names.quote("a\"b\n"));
        Tokens t = Tokens.of("@\"a\\22b\"");
        assertEquals("a\"b", t.identName(0));
    }
}
