package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.kernel.Packets;
import io.tinybpf.testing.Requires;
import io.tinybpf.toolchain.ProcessRunner;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tinybpf link with every input form: textual IR, bitcode, objects with embedded bitcode and
 * archives, several inputs linked by llvm-link (normalized in parallel with --jobs). The result is
 * loaded and run in the kernel.
 */
@Tag("llvm")
class LinkInputsTest {
    static Path resource(Path dir, String name) throws Exception {
        try (InputStream in = LinkInputsTest.class.getResourceAsStream("/io/tinybpf/link/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    static void run(Path dir, String... cmd) throws Exception {
        ProcessRunner.Result r = ProcessRunner.run(List.of(cmd), dir, ProcessRunner.baseEnvironment(), Duration.ofMinutes(1));
        assertEquals(0, r.exitCode(), String.join(" ", cmd) + "\n" + r.stderr());
    }

    static String clang() {
        return Requires.clang().toString();
    }

    static List<String> cflags(String... more) {
        List<String> f = new ArrayList<>(io.tinybpf.testing.Requires.BPF_CFLAGS);
        f.addAll(List.of(more));
        return f;
    }

    static void compile(Path dir, String src, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(clang()));
        cmd.addAll(cflags(flags));
        cmd.add(src);
        run(dir, cmd.toArray(String[]::new));
    }

    static void linkAndRun(Path dir, List<String> inputs, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("link", "-o", dir.resolve("out.o").toString(), "--section", "prog=xdp"));
        for (String i : inputs) args.addAll(List.of("-i", dir.resolve(i).toString()));
        args.addAll(List.of(extra));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        Requires.kernel();
        try (BpfObject o = BpfObject.open(dir.resolve("out.o"))) {
            o.load();
            var res = o.program("prog").testRun(TestRun.packet(Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1, 2)).withRepeat(5));
            assertEquals(2, res.retval(), "twice(1) from the second module: XDP_PASS");
            assertEquals(5, java.nio.ByteBuffer.wrap(o.map("hits").lookup(LittleEndian.u32(0)))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0));
        }
    }

    @Test
    @Tag("kernel")
    void textualAndBitcodeModules(@TempDir Path dir) throws Exception {
        resource(dir, "prog.c");
        resource(dir, "helper.c");
        compile(dir, "prog.c", "-S", "-emit-llvm", "-o", "prog.ll");
        compile(dir, "helper.c", "-c", "-emit-llvm", "-o", "helper.bc");
        linkAndRun(dir, List.of("prog.ll", "helper.bc"));
    }

    @Test
    @Tag("kernel")
    void objectsWithEmbeddedBitcodeInParallel(@TempDir Path dir) throws Exception {
        resource(dir, "prog.c");
        resource(dir, "helper.c");
        compile(dir, "prog.c", "-c", "-fembed-bitcode", "-o", "prog.o");
        compile(dir, "helper.c", "-c", "-fembed-bitcode", "-o", "helper.o");
        linkAndRun(dir, List.of("prog.o", "helper.o"), "--jobs", "2");
    }

    @Test
    @Tag("kernel")
    void archiveOfBitcodeAndObjects(@TempDir Path dir) throws Exception {
        resource(dir, "prog.c");
        resource(dir, "helper.c");
        compile(dir, "prog.c", "-c", "-emit-llvm", "-o", "prog.bc");
        compile(dir, "helper.c", "-c", "-fembed-bitcode", "-o", "helper.o");
        run(dir, Requires.llvmTool("llvm-ar").toString(), "rc", "lib.a", "prog.bc", "helper.o");
        linkAndRun(dir, List.of("lib.a"));
    }

    @Test
    void objectWithoutBitcodeIsANormalizationError(@TempDir Path dir) throws Exception {
        resource(dir, "helper.c");
        compile(dir, "helper.c", "-c", "-o", "plain.o");
        CliRunner r = CliRunner.run("link", "-i", dir.resolve("plain.o").toString(), "-o", dir.resolve("out.o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("stage \"input-normalization\" failed"), r.err());
        assertTrue(Files.notExists(dir.resolve("out.o")));
    }
}
