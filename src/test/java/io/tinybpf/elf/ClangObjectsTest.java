package io.tinybpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.bpf.MapType;
import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfExt;
import io.tinybpf.btf.BtfFormatException;
import io.tinybpf.btf.BtfKind;
import io.tinybpf.btf.BtfType;
import io.tinybpf.diag.Diagnostic;
import io.tinybpf.diag.Severity;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real objects from clang (sources in src/test/resources/io/tinybpf/elf), cross-checked against LLVM tools and bpftool. */
@Tag("llvm")
class ClangObjectsTest {
    private static final List<String> VALID = List.of("tracepoint_ringbuf", "xdp_maps", "tailcall", "core", "kfunc");

    @TempDir
    static Path dir;
    private static final Map<String, Path> objects = new HashMap<>();

    @BeforeAll
    static void compile() throws Exception {
        Path clang = Requires.clang();
        for (String name : List.of("tracepoint_ringbuf", "xdp_maps", "tailcall", "core", "kfunc", "host", "plain")) {
            try (InputStream in = ClangObjectsTest.class.getResourceAsStream(name + ".c")) {
                Files.write(dir.resolve(name + ".c"), in.readAllBytes());
            }
        }
        for (String name : VALID) objects.put(name, bpf(clang, name, name));
        objects.put("undefined_call", bpf(clang, "xdp_maps", "undefined_call", "-DUNDEFINED_CALL"));
        objects.put("bpfeb", bpf(clang, "xdp_maps", "bpfeb", "-target", "bpfeb"));
        objects.put("no_debug", compileWith(clang, "xdp_maps", "no_debug", "-O2", "-target", "bpf", "-mcpu=v3", "-I/usr/include/x86_64-linux-gnu"));
        objects.put("plain_no_debug", compileWith(clang, "plain", "plain_no_debug", "-O2", "-target", "bpf", "-mcpu=v3", "-I/usr/include/x86_64-linux-gnu"));
        objects.put("global_no_debug", compileWith(clang, "plain", "global_no_debug", "-O2", "-target", "bpf", "-mcpu=v3",
                "-I/usr/include/x86_64-linux-gnu", "-DWITH_GLOBAL"));
        objects.put("kfunc_no_debug", compileWith(clang, "kfunc", "kfunc_no_debug", "-O2", "-target", "bpf", "-mcpu=v3", "-I/usr/include/x86_64-linux-gnu"));
        objects.put("host", compileWith(clang, "host", "host", "-O2"));
        objects.put("host32", compileWith(clang, "host", "host32", "-O2", "-m32"));
    }

    private static Path bpf(Path clang, String src, String out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(Requires.BPF_CFLAGS);
        args.addAll(List.of(extra)); // a later -target wins
        return compileWith(clang, src, out, args.toArray(String[]::new));
    }

    private static Path compileWith(Path clang, String src, String out, String... args) throws Exception {
        Path o = dir.resolve(out + ".o");
        List<String> cmd = new ArrayList<>(List.of(clang.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-c", dir.resolve(src + ".c").toString(), "-o", o.toString()));
        run(cmd);
        return o;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timeout: " + cmd);
        }
        String s = new String(out);
        if (p.exitValue() != 0) fail(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + s);
        return s;
    }

    @Test
    void twoSectionsWithOneDataSectionNameAreRejected() throws Exception {
        Path ll = dir.resolve("rodata_split.ll");
        try (InputStream in = ClangObjectsTest.class.getResourceAsStream("rodata_split.ll")) {
            Files.write(ll, in.readAllBytes());
        }
        Path o = dir.resolve("rodata_split.o");
        run(List.of(Requires.llvmTool("llc").toString(), "-march=bpf", "-mcpu=v3", "-filetype=obj", ll.toString(), "-o", o.toString()));
        ElfFile e = ElfFile.read(o);
        assertEquals(2, e.sections().stream().filter(s -> s.name().equals(".rodata")).count(), "llc still splits the section");
        List<Diagnostic> d = ObjectValidator.validate(e);
        assertTrue(d.stream().anyMatch(x -> x.isError() && x.message().startsWith("2 sections are named '.rodata'")), d.toString());
    }

    private static ElfFile elf(String name) throws Exception {
        return ElfFile.read(objects.get(name));
    }

    private static ObjectSummary summary(String name) throws Exception {
        return ObjectSummary.summarize(elf(name));
    }

    private static Btf btf(ElfFile f) throws BtfFormatException {
        return Btf.parse(f.section(".BTF").orElseThrow().contents());
    }

    @Test
    void validObjectsPassValidation() throws Exception {
        for (String name : VALID) {
            List<Diagnostic> d = ObjectValidator.validate(elf(name));
            assertEquals(List.of(), d, name);
        }
    }

    @Test
    void tracepointRingbuf() throws Exception {
        ObjectSummary s = summary("tracepoint_ringbuf");
        ObjectSummary.Program p = s.program("handle_execve").orElseThrow();
        assertEquals("tracepoint/syscalls/sys_enter_execve", p.section());
        assertEquals("tracepoint", p.programTypeName());
        assertEquals("tracepoint", p.kind());
        assertEquals(Optional.of("syscalls/sys_enter_execve"), p.attachTarget());
        ObjectSummary.MapInfo events = s.map("events").orElseThrow();
        assertEquals(MapType.RINGBUF.number(), events.type());
        assertEquals(256 * 1024, events.maxEntries());
        assertEquals(0, events.keySize());
        assertEquals(Optional.empty(), events.keyType());
        assertEquals(Optional.of("GPL"), s.license());

        // line_info: every record's text is the source line it names
        ElfFile f = elf("tracepoint_ringbuf");
        BtfExt ext = BtfExt.parse(f.section(".BTF.ext").orElseThrow().contents(), btf(f));
        List<String> src = Files.readAllLines(dir.resolve("tracepoint_ringbuf.c"));
        List<BtfExt.LineInfo> lines = ext.lineInfo(p.section());
        assertFalse(lines.isEmpty());
        for (BtfExt.LineInfo li : lines) {
            assertTrue(li.fileName().endsWith("tracepoint_ringbuf.c"), li.fileName());
            assertEquals(src.get(li.line() - 1), li.lineText(), "line " + li.line());
            assertTrue(li.insnOffset() % 8 == 0 && li.insnOffset() < p.sizeBytes());
        }
        assertTrue(lines.stream().anyMatch(li -> li.lineText().contains("bpf_ringbuf_submit") && li.column() > 0));
        BtfType.Func func = (BtfType.Func) btf(f).type(ext.funcInfo(p.section()).getFirst().typeId());
        assertEquals("handle_execve", func.name());
    }

    @Test
    void xdpMaps() throws Exception {
        ElfFile f = elf("xdp_maps");
        ObjectSummary s = ObjectSummary.summarize(f);
        assertEquals(List.of("blocklist", "drops", "stats"), s.maps().stream().map(ObjectSummary.MapInfo::name).toList());

        ObjectSummary.MapInfo stats = s.map("stats").orElseThrow();
        assertEquals("hash", stats.typeName());
        assertEquals(4, stats.keySize());
        assertEquals(16, stats.valueSize());
        assertEquals(1024, stats.maxEntries());
        assertEquals(Optional.of("__u32"), stats.keyType());
        assertEquals(Optional.of("struct counters"), stats.valueType());

        ObjectSummary.MapInfo drops = s.map("drops").orElseThrow();
        assertEquals("percpu_array", drops.typeName());
        assertEquals(4, drops.maxEntries());
        assertEquals(8, drops.valueSize());
        assertEquals("by_name", drops.pinningName());
        assertEquals(Optional.of("__u64"), drops.valueType());

        ObjectSummary.MapInfo trie = s.map("blocklist").orElseThrow();
        assertEquals("lpm_trie", trie.typeName());
        assertEquals(8, trie.keySize());
        assertEquals(1, trie.mapFlags()); // BPF_F_NO_PREALLOC
        assertEquals(256, trie.maxEntries());
        assertEquals(Optional.of("struct lpm_key"), trie.keyType());

        // DATASEC .maps: one VAR per map symbol; offsets/sizes of a relocatable object may still be 0
        Btf btf = btf(f);
        BtfType.DataSec ds = btf.find(".maps", BtfType.DataSec.class).orElseThrow();
        Set<String> vars = new HashSet<>();
        for (BtfType.VarSecInfo vi : ds.vars()) vars.add(btf.type(vi.type()).name());
        assertEquals(Set.of("stats", "drops", "blocklist"), vars);
        BtfType.Struct counters = (BtfType.Struct) btf.find("counters", BtfKind.STRUCT).orElseThrow();
        assertEquals(List.of("packets", "bytes"), counters.members().stream().map(BtfType.Member::name).toList());
        assertEquals(64, counters.members().get(1).bitOffset());

        // the program references each map through an R_BPF_64_64 (ld_imm64) relocation
        ElfSection xdp = f.section("xdp").orElseThrow();
        Set<String> targets = new HashSet<>();
        for (ElfRelocation r : f.relocationsFor(xdp)) {
            assertEquals(ElfRelocation.R_BPF_64_64, r.type());
            assertEquals(0x18, xdp.contents().get((int) r.offset()), "relocated instruction is ld_imm64");
            targets.add(r.symbol().name());
        }
        assertEquals(Set.of("stats", "drops", "blocklist"), targets);
        ObjectSummary.Program p = s.program("xdp_count").orElseThrow();
        assertTrue(p.slots() - p.instructions() >= 3, "each relocated map load is a two-slot ld_imm64");
    }

    @Test
    void tailCallAndMapInMap() throws Exception {
        ObjectSummary s = summary("tailcall");
        // two programs in one section, sorted by name; each program's offset comes from its symbol
        assertEquals(List.of("entry", "tail"), s.programs().stream().map(ObjectSummary.Program::name).toList());
        assertTrue(s.program("entry").orElseThrow().offset() > 0);
        assertEquals("socket_filter", s.program("tail").orElseThrow().programTypeName());

        ObjectSummary.MapInfo jumps = s.map("jumps").orElseThrow();
        assertEquals("prog_array", jumps.typeName());
        assertEquals(4, jumps.keySize());
        assertEquals(4, jumps.valueSize());
        assertEquals(4, jumps.maxEntries());
        assertEquals(Map.of(2, "tail"), jumps.initialValues());

        ObjectSummary.MapInfo outer = s.map("outer").orElseThrow();
        assertEquals("array_of_maps", outer.typeName());
        assertEquals(2, outer.maxEntries());
        assertEquals(4, outer.valueSize());
        ObjectSummary.MapInfo inner = outer.inner().orElseThrow();
        assertEquals("array", inner.typeName());
        assertEquals(8, inner.maxEntries());
        assertEquals(Optional.of("__u64"), inner.valueType());
        assertEquals(new TreeMap<>(Map.of(0, "inner_a", 1, "inner_b")), outer.initialValues());
        assertEquals(8, s.map("inner_a").orElseThrow().maxEntries());
    }

    @Test
    void coreRelocations() throws Exception {
        ElfFile f = elf("core");
        Btf btf = btf(f);
        BtfExt ext = BtfExt.parse(f.section(".BTF.ext").orElseThrow().contents(), btf);
        List<BtfExt.CoreRelo> relos = ext.coreRelos("kprobe/do_exit");
        assertEquals(3, relos.size(), relos.toString());
        Set<String> seen = new HashSet<>();
        for (BtfExt.CoreRelo r : relos) {
            assertEquals("task_struct", btf.type(r.typeId()).name());
            seen.add(r.accessString() + " " + r.kindEnum().label());
        }
        assertEquals(Set.of("0:2 byte_off", "0:1 byte_off", "0:0 field_exists"), seen);
        ObjectSummary s = ObjectSummary.summarize(f);
        assertEquals(3, s.coreRelocations());
        assertEquals("kprobe", s.program("on_exit").orElseThrow().programTypeName());
        assertEquals(Optional.of("do_exit"), s.program("on_exit").orElseThrow().attachTarget());
        ObjectSummary.MapInfo m = s.map("parent_tgid").orElseThrow();
        assertEquals("array", m.typeName());
        assertEquals(1, m.maxEntries());
        assertEquals(Optional.of("__s32"), m.valueType());
    }

    @Test
    void kfuncExterns() throws Exception {
        ElfFile f = elf("kfunc");
        ObjectSummary s = ObjectSummary.summarize(f);
        assertEquals(List.of("bpf_task_from_pid", "bpf_task_release"), s.kfuncs());
        assertEquals("tracing", s.program("on_newtask").orElseThrow().programTypeName());
        assertEquals("syscall", s.program("lookup_init").orElseThrow().programTypeName());
        assertEquals(List.of("lookup_init", "on_newtask"), s.programs().stream().map(ObjectSummary.Program::name).toList());
        ObjectSummary.MapInfo seen = s.map("seen").orElseThrow();
        assertEquals("hash", seen.typeName());
        assertEquals(64, seen.maxEntries());
        assertEquals(Optional.of("__s32"), seen.keyType());

        Btf btf = btf(f);
        BtfType.Func kf = btf.find("bpf_task_from_pid", BtfType.Func.class).orElseThrow();
        assertEquals(BtfType.Linkage.EXTERN, kf.linkage());
        assertEquals("struct task_struct *bpf_task_from_pid(__s32)", btf.describe(kf.id()));
        assertEquals(2, btf.find(".ksyms", BtfType.DataSec.class).orElseThrow().vars().size());
        assertEquals(BtfType.Linkage.EXTERN, btf.find("LINUX_KERNEL_VERSION", BtfType.Var.class).orElseThrow().linkage());
        // calls to kfuncs are R_BPF_64_32 relocations against undefined symbols
        ElfSection sec = f.section("syscall").orElseThrow();
        assertTrue(f.relocationsFor(sec).stream().anyMatch(r -> r.type() == ElfRelocation.R_BPF_64_32
                && r.symbol().isUndefined() && r.symbol().name().equals("bpf_task_release")));
    }

    @Test
    void mapAttributesDifferPerMap() throws Exception {
        // guards against summary code that reads one map's definition for all of them
        Set<String> signatures = new HashSet<>();
        int maps = 0;
        for (String name : VALID) {
            for (ObjectSummary.MapInfo m : summary(name).maps()) {
                if (m.name().startsWith("inner_")) continue; // two instances of one definition
                maps++;
                signatures.add(m.type() + "/" + m.keySize() + "/" + m.valueSize() + "/" + m.maxEntries());
            }
        }
        assertEquals(maps, signatures.size(), signatures.toString());
    }

    @Test
    void summaryIsDeterministic() throws Exception {
        for (String name : VALID) assertEquals(summary(name).format(), summary(name).format());
    }

    // ---- negative objects ----

    private static List<Diagnostic> errors(Path o) throws Exception {
        return ObjectValidator.validate(ElfFile.read(o)).stream().filter(Diagnostic::isError).toList();
    }

    private static void expectOneError(Path o, String fragment) throws Exception {
        List<Diagnostic> e = errors(o);
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.getFirst().message().contains(fragment), e.getFirst().message());
    }

    private static Path objcopy(String in, String out, String... args) throws Exception {
        Path o = dir.resolve(out + ".o");
        List<String> cmd = new ArrayList<>(List.of(Requires.llvmTool("llvm-objcopy").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of(objects.get(in).toString(), o.toString()));
        run(cmd);
        return o;
    }

    @Test
    void strippedBtf() throws Exception {
        expectOneError(objcopy("xdp_maps", "no_btf", "--remove-section=.BTF", "--remove-section=.rel.BTF"), "no .BTF section");
    }

    @Test
    void noDebugInfoWithMapsNeedsBtfForTheMaps() throws Exception {
        List<Diagnostic> e = errors(objects.get("no_debug"));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.getFirst().message().contains("no .BTF section, which this object needs: libbpf reads the '.maps' definitions"
                + " from BTF ('blocklist', 'drops', 'stats')"), e.getFirst().message());
        assertTrue(e.getFirst().hint().contains("-g"));
    }

    /** libbpf loads a -g0 object when nothing in it needs BTF (the original tool's minimal.ll fixture is one). */
    @Test
    void noDebugInfoAndNothingThatNeedsBtfIsValid() throws Exception {
        assertEquals(List.of(), errors(objects.get("plain_no_debug")));
    }

    @Test
    void noDebugInfoWithAGlobalVariableNamesIt() throws Exception {
        expectOneError(objects.get("global_no_debug"), "loaders expose global variables by their BTF ('packets')");
    }

    @Test
    void noDebugInfoWithAKfuncNamesTheExtern() throws Exception {
        List<Diagnostic> e = errors(objects.get("kfunc_no_debug"));
        assertTrue(e.stream().anyMatch(d -> d.message().contains("externs (kfuncs, __ksym, __kconfig: 'bpf_")), e.toString());
    }

    @Test
    @Tag("kernel")
    void libbpfLoadsTheObjectThatNeedsNoBtf() {
        Requires.kernel();
        try (io.tinybpf.kernel.BpfObject o = io.tinybpf.kernel.BpfObject.open(objects.get("plain_no_debug"))) {
            o.load();
            assertEquals(List.of("pass"), o.programs().stream().map(io.tinybpf.kernel.BpfProgram::name).toList());
        }
    }

    @Test
    void missingLicense() throws Exception {
        // objcopy cannot delete 'license' (debug info refers to its symbol), so it renames it away
        expectOneError(objcopy("xdp_maps", "no_license", "--rename-section=license=.rodata.lic"), "no 'license' section");
    }

    @Test
    void mapSymbolWithoutBtf() throws Exception {
        expectOneError(objcopy("xdp_maps", "rogue_map", "--add-symbol=rogue=.maps:0,object,global"),
                "map 'rogue' is defined in '.maps' but has no VAR in BTF DATASEC '.maps'");
    }

    @Test
    void undefinedCall() throws Exception {
        expectOneError(objects.get("undefined_call"), "undefined symbol 'foo' referenced from section 'xdp'");
    }

    @Test
    void hostObjects() throws Exception {
        expectOneError(objects.get("host"), "EM_X86_64 (62), expected EM_BPF (247)");
        List<Diagnostic> e = errors(objects.get("host32"));
        assertEquals(2, e.size(), e.toString());
        assertTrue(e.get(0).message().contains("ELFCLASS32"));
        assertTrue(e.get(1).message().contains("EM_386"));
    }

    @Test
    void bigEndianIsOnlyAWarning() throws Exception {
        ElfFile f = elf("bpfeb");
        assertFalse(f.header().isLittleEndian());
        List<Diagnostic> d = ObjectValidator.validate(f);
        assertEquals(1, d.size(), d.toString());
        assertEquals(Severity.WARNING, d.getFirst().severity());
        ObjectSummary be = ObjectSummary.summarize(f), le = summary("xdp_maps");
        assertEquals(le.maps(), be.maps());
        assertEquals(le.programs().getFirst().instructions(), be.programs().getFirst().instructions());
    }

    // ---- cross-checks against LLVM tools and bpftool ----

    private static final Pattern JSON_SECTION = Pattern.compile("\"Index\":(\\d+),\"Name\":\\{\"Name\":\"([^\"]*)\",\"Value\":\\d+},"
            + "\"Type\":\\{\"Name\":\"[^\"]*\",\"Value\":(\\d+)},\"Flags\":\\{\"Value\":(\\d+),.*?\"Offset\":(\\d+),\"Size\":(\\d+),"
            + "\"Link\":(\\d+),\"Info\":(\\d+),\"AddressAlignment\":(\\d+),\"EntrySize\":(\\d+)");

    @Test
    void sectionsSymbolsAndRelocationsMatchLlvmReadelf() throws Exception {
        String readelf = Requires.llvmTool("llvm-readelf").toString();
        for (String name : List.of("xdp_maps", "tailcall", "kfunc", "bpfeb", "host", "host32")) {
            ElfFile f = elf(name);
            Path o = objects.get(name);

            String json = run(List.of(readelf, "--elf-output-style=JSON", "-S", o.toString()));
            Matcher m = JSON_SECTION.matcher(json);
            int n = 0;
            while (m.find()) {
                ElfSection s = f.section(Integer.parseInt(m.group(1)));
                String ctx = name + " " + m.group(2);
                assertEquals(m.group(2), s.name(), ctx);
                assertEquals(Long.parseLong(m.group(3)), Integer.toUnsignedLong(s.type()), ctx);
                assertEquals(Long.parseLong(m.group(4)), s.flags(), ctx);
                assertEquals(Long.parseLong(m.group(5)), s.offset(), ctx);
                assertEquals(Long.parseLong(m.group(6)), s.size(), ctx);
                assertEquals(Integer.parseInt(m.group(7)), s.link(), ctx);
                assertEquals(Integer.parseInt(m.group(8)), s.info(), ctx);
                assertEquals(Long.parseLong(m.group(9)), s.addralign(), ctx);
                assertEquals(Long.parseLong(m.group(10)), s.entsize(), ctx);
                n++;
            }
            assertEquals(f.sections().size(), n, name);

            // "   13: 0000000000000000   344 FUNC    GLOBAL DEFAULT     3 xdp_count"
            int syms = 0;
            for (String line : run(List.of(readelf, "-s", "-W", o.toString())).split("\n")) {
                String[] c = line.trim().split("\\s+");
                if (c.length < 7 || !c[0].matches("\\d+:")) continue;
                ElfSymbol s = f.symbols().get(Integer.parseInt(c[0].replace(":", "")));
                assertEquals(Long.parseUnsignedLong(c[1], 16), s.value(), line);
                assertEquals(Long.parseLong(c[2]), s.size(), line);
                assertEquals(c[3], s.type().name(), line);
                assertEquals(c[4], s.bind().name(), line);
                assertEquals(c[5], s.visibility().name(), line);
                assertEquals(c[6], s.isUndefined() ? "UND" : s.sectionName().equals("ABS") ? "ABS" : String.valueOf(s.shndx()), line);
                if (s.type() != ElfSymbol.Type.SECTION) assertEquals(c.length > 7 ? c[7] : "", s.name(), line);
                syms++;
            }
            assertEquals(f.symbols().size(), syms, name);

            // "Relocation section '.relxdp' at offset 0x1570 contains 3 entries:" then "offset info type value name"
            ElfSection current = null;
            int idx = 0;
            for (String line : run(List.of(readelf, "-r", "-W", o.toString())).split("\n")) {
                Matcher h = Pattern.compile("Relocation section '([^']+)' at offset 0x[0-9a-f]+ contains (\\d+) entr").matcher(line);
                if (h.find()) {
                    current = f.section(h.group(1)).orElseThrow();
                    assertEquals(Integer.parseInt(h.group(2)), f.relocations(current).size(), line);
                    idx = 0;
                    continue;
                }
                String[] c = line.trim().split("\\s+");
                if (current == null || c.length < 3 || !c[0].matches("[0-9a-f]{8,16}")) continue;
                ElfRelocation r = f.relocations(current).get(idx++);
                assertEquals(Long.parseUnsignedLong(c[0], 16), r.offset(), line);
                if (name.startsWith("host")) continue; // x86 relocation names are not BPF ones
                assertEquals(c[2], r.bpfTypeName(), line);
                if (c.length > 4 && r.symbol().type() != ElfSymbol.Type.SECTION) assertEquals(c[4], r.symbol().name(), line);
            }
        }
    }

    @Test
    void instructionCountsMatchLlvmObjdump() throws Exception {
        String objdump = Requires.llvmTool("llvm-objdump").toString();
        for (String name : VALID) {
            // llvm-objdump prints one line per logical instruction (ld_imm64 is one "... ll" line)
            Map<String, Integer> counts = new HashMap<>();
            String fn = null;
            for (String line : run(List.of(objdump, "-d", "--no-show-raw-insn", objects.get(name).toString())).split("\n")) {
                Matcher h = Pattern.compile("^[0-9a-f]+ <([^>]+)>:").matcher(line);
                if (h.find()) fn = h.group(1);
                else if (fn != null && line.matches("\\s+\\d+:\\s.*")) counts.merge(fn, 1, Integer::sum);
                else if (line.isBlank()) fn = null;
            }
            for (ObjectSummary.Program p : summary(name).programs()) {
                assertEquals(counts.get(p.name()).longValue(), p.instructions(), name + " " + p.name());
            }
        }
    }

    @Test
    void btfMatchesBpftool() throws Exception {
        Optional<Path> bpftool = Requires.onPath("bpftool").or(() -> Optional.of(Path.of("/usr/sbin/bpftool")).filter(Files::isExecutable));
        Requires.that(bpftool.isPresent(), "bpftool");
        Pattern typeLine = Pattern.compile("^\\[(\\d+)] (\\S+) '([^']*)'(.*)$");
        for (String name : VALID) {
            ElfFile f = elf(name);
            Btf btf = btf(f);
            int types = 0;
            for (String line : run(List.of(bpftool.get().toString(), "btf", "dump", "file", objects.get(name).toString())).split("\n")) {
                Matcher m = typeLine.matcher(line);
                if (!m.find()) continue;
                BtfType t = btf.type(Integer.parseInt(m.group(1)));
                assertEquals(m.group(2), t.kind().label(), line);
                assertEquals(m.group(3), t.name().isEmpty() ? "(anon)" : t.name(), line);
                String rest = m.group(4);
                switch (t) {
                    case BtfType.Int i -> assertTrue(rest.startsWith(" size=" + i.size() + " bits_offset=" + i.bitOffset() + " nr_bits=" + i.bits()), line);
                    case BtfType.Array a -> assertEquals(" type_id=" + a.elemType() + " index_type_id=" + a.indexType() + " nr_elems=" + a.nelems(), rest, line);
                    case BtfType.Composite c -> assertEquals(" size=" + c.size() + " vlen=" + c.members().size(), rest, line);
                    case BtfType.Func fn -> assertEquals(" type_id=" + fn.type() + " linkage=" + fn.linkage().label(), rest, line);
                    case BtfType.Var v -> assertEquals(" type_id=" + v.type() + ", linkage=" + (v.linkage() == BtfType.Linkage.GLOBAL ? "global" : v.linkage().label()), rest, line);
                    case BtfType.FuncProto fp -> assertEquals(" ret_type_id=" + fp.returnType() + " vlen=" + fp.params().size(), rest, line);
                    case BtfType.DataSec d -> assertEquals(" size=" + d.size() + " vlen=" + d.vars().size(), rest, line);
                    case BtfType.Ref r -> assertTrue(rest.startsWith(" type_id=" + r.type()), line);
                    default -> {}
                }
                types++;
            }
            assertEquals(btf.typeCount() - 1, types, name);
        }
    }

    /** Mutations of a real object only ever surface as the two checked exceptions. */
    @Test
    void randomMutationsOfRealObject() throws Exception {
        ElfFileTest.mutate(Files.readAllBytes(objects.get("tailcall")), 3000, 1234);
    }
}
