package io.tinybpf.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.TinyBpf;
import io.tinybpf.config.ProjectConfig;
import io.tinybpf.ir.Module;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * The default profile is covered by buildsABpfObject and the kernel tests; these build with the
     * others and load each object through the running kernel's verifier (program types this kernel
     * refuses are left out, with the reason).
     */
    @ParameterizedTest
    @MethodSource("examplesAndProfiles")
    @Tag("kernel")
    void everyProfileBuildsAndPassesTheVerifier(String name, String profile) {
        Examples.Built b = Examples.build(name, profile);
        assertTrue(Files.isRegularFile(b.object()));
        Requires.kernel();
        List<String> refused = new java.util.ArrayList<>();
        for (var v : io.tinybpf.kernel.KernelVerifier.verify(b.object(), List.copyOf(b.result().programs().keySet())).values()) {
            if (v.refusal() != null) {
                refused.add(v.program() + ": " + v.refusal());
                continue;
            }
            assertTrue(v.accepted(), name + " built with --opt-profile " + profile + ": " + v.program() + " was rejected: "
                    + (v.loadError() != null ? v.loadError() : v.complaint()) + (v.goPosition() != null ? " at " + v.goPosition() : ""));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(refused.isEmpty(), () -> "this kernel refuses the program type: " + refused);
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
