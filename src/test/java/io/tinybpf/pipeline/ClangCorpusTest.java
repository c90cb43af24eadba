package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.btf.Btf;
import io.tinybpf.btf.BtfType;
import io.tinybpf.cli.CliRunner;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ElfSection;
import io.tinybpf.elf.ElfSymbol;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.testing.Requires;
import io.tinybpf.toolchain.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tinybpf link} treats real C the way clang does: 47 programs of libbpf-tools and
 * libbpf-bootstrap (src/test/resources/io/tinybpf/corpus, with their licences) are compiled by
 * clang to objects with embedded bitcode, and each is linked from that bitcode with no
 * {@code --section}. The linked object has clang's programs in clang's sections, the same maps and
 * the same BTF variables with the same linkage (a function-local static stays static, a map only
 * userspace uses stays); and every program the kernel loads from clang's object it loads from the
 * linked one, while a program type the kernel refuses (fentry/LSM here) is refused for both alike.
 */
@Tag("llvm")
class ClangCorpusTest {
    static final Path CORPUS = Requires.repo().resolve("src/test/resources/io/tinybpf/corpus");
    static final List<String> PROJECTS = List.of("libbpf-bootstrap", "libbpf-tools");

    @TempDir
    static Path dir;
    /** project/name → clang's object, tinybpf's object or why linking it failed. */
    static final Map<String, Path> clang = new ConcurrentHashMap<>(), linked = new ConcurrentHashMap<>();
    static final Map<String, String> linkFailures = new ConcurrentHashMap<>();

    static List<String> programs() throws IOException {
        List<String> out = new ArrayList<>();
        for (String project : PROJECTS) {
            try (Stream<Path> s = Files.list(CORPUS.resolve(project))) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bpf.c")).sorted()
                        .forEach(n -> out.add(project + "/" + n.substring(0, n.length() - ".bpf.c".length())));
            }
        }
        return out;
    }

    @BeforeAll
    static void compileAndLink() throws Exception {
        Path clangTool = Requires.clang();
        Path vmlinux = vmlinuxHeader();
        List<String> names = programs();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (String name : names) jobs.add(pool.submit(() -> {
                Path obj = compile(clangTool, vmlinux, name);
                clang.put(name, obj);
                Path out = dir.resolve(name.replace('/', '_') + ".linked.o");
                CliRunner r = CliRunner.run("link", "-i", obj.toString(), "-o", out.toString(), "--no-cache");
                if (r.exit() == 0) linked.put(name, out);
                else linkFailures.put(name, r.out() + r.err());
                return null;
            }));
            for (Future<?> f : jobs) f.get();
        }
    }

    /** The kernel's types as C, from its BTF: what the programs' {@code #include "vmlinux.h"} expects. */
    static Path vmlinuxHeader() throws Exception {
        Path btf = Path.of("/sys/kernel/btf/vmlinux");
        Requires.that(Files.isReadable(btf), "kernel BTF at /sys/kernel/btf/vmlinux (the corpus includes vmlinux.h made from it)");
        Path bpftool = Files.isExecutable(Path.of("/usr/sbin/bpftool")) ? Path.of("/usr/sbin/bpftool") : Requires.onPath("bpftool").orElse(null);
        Requires.that(bpftool != null, "bpftool (scripts/setup kernel), to write vmlinux.h");
        ProcessRunner.Result r = ProcessRunner.run(List.of(bpftool.toString(), "btf", "dump", "file", btf.toString(), "format", "c"), dir,
                ProcessRunner.baseEnvironment(), Duration.ofMinutes(2));
        if (r.exitCode() != 0) fail("bpftool btf dump failed: " + r.stderr());
        Path inc = Files.createDirectories(dir.resolve("include"));
        return Files.write(inc.resolve("vmlinux.h"), r.stdout());
    }

    static Path compile(Path clangTool, Path vmlinux, String name) throws IOException {
        Path src = CORPUS.resolve(name + ".bpf.c");
        Path obj = dir.resolve(name.replace('/', '_') + ".clang.o");
        List<String> cmd = new ArrayList<>(List.of(clangTool.toString()));
        cmd.addAll(Requires.BPF_CFLAGS);
        cmd.addAll(List.of("-D__TARGET_ARCH_x86", "-I" + src.getParent(), "-I" + vmlinux.getParent(), "-fembed-bitcode", "-c",
                src.toString(), "-o", obj.toString()));
        ProcessRunner.Result r = ProcessRunner.run(cmd, dir, ProcessRunner.baseEnvironment(), Duration.ofMinutes(2));
        if (r.timedOut() || r.exitCode() != 0) fail(String.join(" ", cmd) + " failed:\n" + r.stderr());
        return obj;
    }

    /** What loaders see of an object: programs and sections, maps, BTF variables and their linkage. */
    record Facts(Map<String, String> programs, Set<String> globalPrograms, Set<String> maps, Set<String> sections,
                 Map<String, String> variables, Set<String> externs) {
        static Facts of(Path object) throws Exception {
            ElfFile elf = ElfFile.read(object);
            ObjectSummary summary = ObjectSummary.summarize(elf);
            Map<String, String> programs = new TreeMap<>();
            for (ObjectSummary.Program p : summary.programs()) programs.put(p.name(), p.section());
            Set<String> global = new TreeSet<>();
            for (ElfSymbol s : elf.symbols()) if (s.type() == ElfSymbol.Type.FUNC && s.isGlobal() && programs.containsKey(s.name())) global.add(s.name());
            Set<String> maps = new TreeSet<>();
            for (ObjectSummary.MapInfo m : summary.maps()) maps.add(m.name());
            // where code lands in .text is the optimizer's business (clang may keep a static
            // function it did not inline); every other loaded section must be the same
            Set<String> sections = new TreeSet<>();
            for (ElfSection s : elf.sections()) if (s.isAlloc() && !s.name().equals(".text")) sections.add(s.name());
            Map<String, String> vars = new TreeMap<>();
            Set<String> externs = new TreeSet<>();
            Btf btf = elf.section(".BTF").isPresent() ? Btf.parse(elf.section(".BTF").get().contents()) : null;
            if (btf != null) {
                for (BtfType t : btf.types()) {
                    if (!(t instanceof BtfType.DataSec ds)) continue;
                    for (BtfType.VarSecInfo vi : ds.vars()) {
                        if (!(btf.type(vi.type()) instanceof BtfType.Var v)) continue;
                        if (v.linkage() == BtfType.Linkage.EXTERN) externs.add(ds.name() + " " + v.name());
                        else vars.put(v.name(), ds.name() + " " + v.linkage().label());
                    }
                }
            }
            return new Facts(programs, global, maps, sections, vars, externs);
        }
    }

    @Test
    void theCorpusIsLargeAndEveryProgramLinks() throws Exception {
        assertTrue(programs().size() >= 30, "at least 30 real programs: " + programs().size());
        assertEquals(Map.of(), linkFailures, "tinybpf link without --section failed for these");
    }

    @TestFactory
    Stream<DynamicTest> linkedObjectsHaveClangsProgramsMapsAndVariables() throws IOException {
        return programs().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path ours = linked.get(name);
            if (ours == null) fail("not linked:\n" + linkFailures.get(name));
            Facts c = Facts.of(clang.get(name)), l = Facts.of(ours);
            assertEquals(c.programs(), l.programs(), "programs and their sections");
            assertEquals(c.globalPrograms(), l.globalPrograms(), "programs are global symbols");
            assertEquals(c.maps(), l.maps(), "maps");
            assertEquals(c.sections(), l.sections(), "sections");
            assertEquals(c.variables(), l.variables(), "BTF variables: section and linkage");
            // externs clang's object names only from library code nothing calls (a weak libbpf
            // helper it keeps) are gone with that code; the linked object needs no other
            assertTrue(c.externs().containsAll(l.externs()), "externs " + l.externs() + " beyond clang's " + c.externs());
        }));
    }

    @TestFactory
    @Tag("kernel")
    Stream<DynamicTest> theKernelLoadsFromTheLinkedObjectWhatItLoadsFromClangs() throws IOException {
        Requires.kernel();
        return programs().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path ours = linked.get(name);
            if (ours == null) fail("not linked:\n" + linkFailures.get(name));
            List<String> problems = new ArrayList<>();
            for (String program : Facts.of(clang.get(name)).programs().keySet()) {
                KernelVerifier.Verdict c = KernelVerifier.verifyOne(clang.get(name), program);
                KernelVerifier.Verdict l = KernelVerifier.verifyOne(ours, program);
                if (c.accepted() && !l.accepted()) {
                    problems.add(program + ": clang's loads, the linked one is " + (l.refusal() != null ? "refused: " + l.refusal()
                            : "rejected: " + l.complaint() + "\n" + tail(l.log())));
                } else if (c.refusal() != null && !c.refusal().equals(l.refusal())) {
                    problems.add(program + ": the kernel refuses clang's (" + c.refusal() + ") but not the linked one alike ("
                            + (l.accepted() ? "loads" : l.refusal() != null ? l.refusal() : "rejected: " + l.complaint()) + ")");
                }
            }
            assertEquals(List.of(), problems);
        }));
    }

    private static String tail(String log) {
        if (log == null) return "";
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
