package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Go program calling C helpers, joined by {@code tinybpf link} from TinyGo's IR and clang's
 * ({@code .bc} and {@code .ll}): every helper variant (inlined, a subprogram, a pointer argument
 * checked and unchecked, static and global) loads and computes what the C code says, checked with
 * BPF_PROG_TEST_RUN. The same helpers built by clang alone are loaded too: where that build
 * loads, it must compute the same (link keeps C's meaning); where it does not (clang leaves a
 * global helper global, and the verifier checks it without its callers), the link still must.
 * Sources: src/test/resources/io/tinybpf/link/gowithc.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class GoWithCTest {
    /** Go program → the C-only program calling the same helper, and the result for x = 6. */
    record Variant(String go, String c, int expected) {}

    static final List<Variant> VARIANTS = List.of(
            new Variant("go_inlined", "c_inlined_prog", 18),
            new Variant("go_noinline", "c_noinline_prog", 13),
            new Variant("go_read_checked", "c_read_checked_prog", 7),
            new Variant("go_read_unchecked", "c_read_unchecked_prog", 8),
            new Variant("go_via_static", "c_via_static_prog", 30),
            new Variant("go_via_static_ptr", "c_via_static_ptr_prog", 24));

    @TempDir
    static Path dir;
    static Path goIr, cOnly;

    static void resource(String name) throws Exception {
        Path to = dir.resolve(name);
        Files.createDirectories(to.getParent());
        try (InputStream in = GoWithCTest.class.getResourceAsStream("/io/tinybpf/link/gowithc/" + name)) {
            Files.write(to, in.readAllBytes());
        }
    }

    @BeforeAll
    static void compile() throws Exception {
        Examples.requireToolchain();
        for (String f : List.of("go.mod", "bpf/main.go", "bpf/stub.go", "helpers.c", "c_only.c")) resource(f);
        goIr = Examples.tinygoIr(dir.resolve("bpf"));
        Requires.compileBpf(dir.resolve("helpers.c"), dir.resolve("helpers.bc"), "-emit-llvm");
        Requires.compileBpf(dir.resolve("helpers.c"), dir.resolve("helpers.ll"), "-emit-llvm", "-S");
        cOnly = Requires.compileBpf(dir.resolve("c_only.c"), dir.resolve("c_only.o"));
    }

    static Path link(String helpers) {
        Path out = dir.resolve("go-with-" + helpers.replace('.', '-') + ".o");
        List<String> args = new ArrayList<>(List.of("link", "-i", goIr.toString(), "-i", dir.resolve(helpers).toString(), "-o", out.toString()));
        for (Variant v : VARIANTS) args.addAll(List.of("--section", v.go() + "=syscall"));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        return out;
    }

    @org.junit.jupiter.api.Test
    void aZeroGoVariableIsInBss() throws Exception {
        io.tinybpf.elf.ElfFile elf = io.tinybpf.elf.ElfFile.read(link("helpers.bc"));
        assertTrue(elf.symbols().stream().anyMatch(s -> s.name().equals("counter") && ".bss".equals(s.sectionName()) && s.isGlobal()),
                "var counter uint64 is a global in .bss: " + elf.symbols());
    }

    static int run(Path object, String program) {
        try (BpfObject o = BpfObject.open(object)) {
            for (var p : o.programs()) p.setAutoload(p.name().equals(program));
            o.load();
            return o.program(program).testRun(TestRun.context(LittleEndian.u32(6))).retval();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"helpers.bc", "helpers.ll"})
    void everyHelperVariantLoadsAndComputesWhatCSays(String helpers) {
        Path linked = link(helpers);
        Requires.kernel();
        Map<String, String> cOnlyVerdicts = new LinkedHashMap<>();
        for (Variant v : VARIANTS) {
            KernelVerifier.Verdict c = KernelVerifier.verifyOne(cOnly, v.c());
            cOnlyVerdicts.put(v.c(), c.accepted() ? "loads" : "rejected: " + c.complaint());
            KernelVerifier.Verdict g = KernelVerifier.verifyOne(linked, v.go());
            assertTrue(g.accepted(), v.go() + " (Go calling C) was rejected: " + g.complaint() + "\n" + g.log());
            assertEquals(v.expected(), run(linked, v.go()), v.go() + " computes what the C helper says");
            if (c.accepted()) assertEquals(v.expected(), run(cOnly, v.c()), v.c() + " (C only) agrees");
        }
        // the comparison means something only if clang's build loads the variants that are valid C for it
        assertTrue(cOnlyVerdicts.values().stream().filter("loads"::equals).count() >= 5, "C-only verdicts: " + cOnlyVerdicts);
    }
}
