package io.tinybpf.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.config.ProjectConfig;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.ir.Module;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Kernels;
import io.tinybpf.testing.Requires;
import io.tinybpf.testing.TestKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example through real TinyGo and real LLVM. */
@Tag("tinygo")
@Tag("llvm")
class ExamplesBuildTest {
    static Stream<String> examples() {
        return Examples.names().stream();
    }

    static Stream<String[]> examplesAndProfiles() {
        return Examples.names().stream().flatMap(n -> Stream.of("conservative", "aggressive", "verifier-safe").map(p -> new String[] {n, p}));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void buildsABpfObject(String name) throws Exception {
        Examples.Built b = Examples.build(name);
        byte[] elf = Files.readAllBytes(b.object());
        assertTrue(elf.length > 64 && elf[0] == 0x7f && elf[1] == 'E' && elf[2] == 'L' && elf[3] == 'F', "ELF magic");
        assertEquals(2, elf[4], "ELFCLASS64");
        assertEquals(247, (elf[18] & 0xff) | (elf[19] & 0xff) << 8, "EM_BPF");
        // every program the example configures got its section
        ProjectConfig cfg = ProjectConfig.load(b.dir().resolve(ProjectConfig.FILE_NAME));
        assertEquals(cfg.programs(), b.result().programs());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void tinygoIrRoundTripsByteForByte(String name) throws Exception {
        Examples.Built b = Examples.build(name);
        String ir = Files.readString(b.tinygoIr());
        assertTrue(ir.contains("producer: \"TinyGo\""), "input is TinyGo's IR");
        Module parsed = Module.parse(ir);
        assertEquals(ir, parsed.print());
        List<String> problems = new java.util.ArrayList<>();
        io.tinybpf.testing.IrStructure.check(name + " (TinyGo)", ir, parsed, problems);
        assertEquals(List.of(), problems, "the structure the passes read is found in TinyGo's IR");
        // and so do the transformed and optimized modules
        String t = Files.readString(b.transformedIr());
        assertEquals(t, Module.parse(t).print());
        String o = Files.readString(b.optimizedIr());
        assertEquals(o, Module.parse(o).print());
    }

    /** Verdicts of the default profile's object, per example and kernel (computed once). */
    private static final Map<String, Map<String, KernelVerifier.Verdict>> DEFAULT_VERDICTS = new ConcurrentHashMap<>();

    /**
     * opt and llc with the other profiles, and the result through every kernel's verifier: every
     * program is accepted by some kernel, and no kernel that accepts the default profile's program
     * rejects this profile's (an optimization level must not cost verifiability).
     */
    @ParameterizedTest
    @MethodSource("examplesAndProfiles")
    @Tag("kernel")
    void everyProfileGivesObjectsTheVerifiersAccept(String name, String profile) throws Exception {
        Examples.Built b = Examples.build(name, profile);
        List<String> programs = ObjectSummary.summarize(ElfFile.read(b.object())).programs().stream().map(ObjectSummary.Program::name).toList();
        Path defaultObject = Examples.build(name).object();
        java.util.Set<String> accepted = new java.util.TreeSet<>();
        java.util.Map<String, Integer> refusals = new java.util.HashMap<>();
        for (TestKernel k : Kernels.all()) {
            Map<String, KernelVerifier.Verdict> base = DEFAULT_VERDICTS.computeIfAbsent(name + "@" + k.name(),
                    x -> k.target().verify(defaultObject, programs));
            Map<String, KernelVerifier.Verdict> got = k.target().verify(b.object(), programs);
            for (String p : programs) {
                KernelVerifier.Verdict v = got.get(p);
                if (v.accepted()) accepted.add(p);
                if (v.refusal() != null) refusals.merge(p, 1, Integer::sum);
                if (base.get(p).accepted()) {
                    assertTrue(v.accepted(), k.name() + " accepts " + p + " built with the default profile, but not with " + profile + ": "
                            + (v.refusal() != null ? v.refusal() : v.complaint() + " at " + v.goPosition()));
                }
            }
        }
        for (String p : programs) {
            // refused outright by every kernel of the matrix (the host alone, say): a capability it lacks
            if (!accepted.contains(p)) Requires.that(refusals.getOrDefault(p, 0) < Kernels.all().size(), "a kernel that loads " + name + "/" + p);
        }
        assertEquals(new java.util.TreeSet<>(programs), accepted, name + " with " + profile + ": programs some kernel accepts");
    }

    @Test
    void sameInputInTwoDirectoriesGivesIdenticalObjects() throws Exception {
        Examples.requireToolchain();
        Path a = Files.createTempDirectory("tinybpf-det-a-");
        Path c = Files.createTempDirectory("tinybpf-det-b-");
        try {
            byte[] first = buildCopy("rawtp-exec", a.resolve("some/where"));
            byte[] second = buildCopy("rawtp-exec", c.resolve("else"));
            assertArrayEquals(first, second, "objects built from the same sources in two directories differ");
        } finally {
            io.tinybpf.util.AtomicFiles.deleteTree(a);
            io.tinybpf.util.AtomicFiles.deleteTree(c);
        }
    }

    @Test
    void whereTheSdkIsInstalledDoesNotChangeTheObject() throws Exception {
        Examples.requireToolchain();
        Path a = Files.createTempDirectory("tinybpf-det-sdk-a-");
        Path c = Files.createTempDirectory("tinybpf-det-sdk-b-");
        try {
            byte[] first = buildWithSdkAt("xdp-blocklist", a.resolve("prog"), a.resolve("opt/tinybpf/sdk"));
            byte[] second = buildWithSdkAt("xdp-blocklist", c.resolve("prog"), c.resolve("home/me/src/sdk"));
            assertArrayEquals(first, second, "the SDK's location leaked into the object");
            String strings = new String(first, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(strings.contains("tinybpf.io/sdk/bpf"), "SDK sources are named by import path");
            assertFalse(strings.contains(a.toString()), "no absolute path of the build machine");
        } finally {
            io.tinybpf.util.AtomicFiles.deleteTree(a);
            io.tinybpf.util.AtomicFiles.deleteTree(c);
        }
    }

    private static byte[] buildWithSdkAt(String name, Path dir, Path sdk) throws Exception {
        copyTree(Requires.repo().resolve("sdk"), sdk);
        Examples.copy(name, dir);
        Path gomod = dir.resolve("go.mod");
        Files.writeString(gomod, Files.readString(gomod).replace("=> " + Requires.repo().resolve("sdk"), "=> " + sdk));
        return build(dir);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static byte[] buildCopy(String name, Path dir) throws Exception {
        Examples.copy(name, dir);
        return build(dir);
    }

    private static byte[] build(Path dir) throws Exception {
        ProjectConfig cfg = ProjectConfig.load(dir.resolve(ProjectConfig.FILE_NAME));
        Path out = dir.resolve("out.bpf.o");
        TinyBpf.build(BuildRequest.builder().packageDir(dir).output(out).programs(List.copyOf(cfg.programs().keySet()))
                .sections(cfg.programs()).out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build());
        return Files.readAllBytes(out);
    }
}
