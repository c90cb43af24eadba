package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.kernel.Packets;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.testing.Requires;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original tool's own {@code .ll} fixtures (src/test/resources/io/tinybpf/link/upstream, MIT)
 * through {@code tinybpf link}: hand-written IR with its section and no debug info, TinyGo 0.40's
 * IR of its connect tracer for another host (Go rules: the program needs its section), and text
 * that is not IR.
 */
@Tag("llvm")
class UpstreamFixturesTest {
    static Path fixture(Path dir, String name) throws Exception {
        try (InputStream in = UpstreamFixturesTest.class.getResourceAsStream("/io/tinybpf/link/upstream/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    @Test
    @Tag("kernel")
    void minimalLinksWithItsOwnSectionAndNeedsNoBtf(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("minimal.o");
        CliRunner r = CliRunner.run("link", "-i", fixture(dir, "minimal.ll").toString(), "-o", out.toString(), "--no-cache");
        assertEquals(0, r.exit(), r.out() + r.err());
        ObjectSummary s = ObjectSummary.summarize(ElfFile.read(out));
        assertEquals(List.of("xdp_prog xdp"), s.programs().stream().map(p -> p.name() + " " + p.section()).toList());
        assertTrue(!s.hasBtf(), "no debug info in, no BTF out: nothing in it needs BTF");
        Requires.kernel();
        try (BpfObject o = BpfObject.open(out)) {
            o.load();
            assertEquals(2, o.program("xdp_prog").testRun(TestRun.packet(Packets.ipv4(Packets.UDP, "10.0.0.1", "10.0.0.2", 1, 2))).retval(),
                    "XDP_PASS");
        }
    }

    @Test
    @Tag("kernel")
    void tinyGosProbeFollowsTheGoRules(@TempDir Path dir) throws Exception {
        Path in = fixture(dir, "tinygo_probe.ll"), out = dir.resolve("probe.o");
        CliRunner bare = CliRunner.run("link", "-i", in.toString(), "-o", out.toString(), "--no-cache");
        assertEquals(1, bare.exit());
        assertTrue(bare.err().contains("connect.go:67: error: program handle_connect has no ELF section"), bare.err());
        assertTrue(Files.notExists(out));
        CliRunner r = CliRunner.run("link", "-i", in.toString(), "-o", out.toString(), "--no-cache",
                "--section", "handle_connect=tracepoint/syscalls/sys_enter_connect");
        assertEquals(0, r.exit(), r.out() + r.err());
        ObjectSummary s = ObjectSummary.summarize(ElfFile.read(out));
        assertEquals(List.of("handle_connect"), s.programs().stream().map(ObjectSummary.Program::name).toList());
        assertEquals(List.of("events"), s.maps().stream().map(ObjectSummary.MapInfo::name).toList(), "main.events, as a Go map");
        Requires.kernel();
        KernelVerifier.Verdict v = KernelVerifier.verifyOne(out, "handle_connect");
        assertTrue(v.accepted(), v.complaint() + "\n" + v.log());
    }

    @Test
    void textThatIsNotIrIsAClearError(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("invalid.o");
        CliRunner r = CliRunner.run("link", "-i", fixture(dir, "invalid.ll").toString(), "-o", out.toString(), "--no-cache");
        assertEquals(1, r.exit());
        // a single .ll goes through LLVM's own parser before the passes see it: its message, at the input's line
        assertTrue(r.err().contains("invalid.ll is not valid LLVM IR") && r.err().contains("invalid.ll:1:1: error: expected top-level entity"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        assertTrue(Files.notExists(out));
    }
}
