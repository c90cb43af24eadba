package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.kernel.KernelVerifier;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tinybpf verify on real objects: offline summary, JSON, and the kernel's verdicts with Go positions. */
@Tag("tinygo")
@Tag("llvm")
class VerifyTest {
    @Test
    void summarizesAnExampleOffline() {
        Path obj = Examples.build("xdp-blocklist").object();
        CliRunner r = CliRunner.run("verify", obj.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("valid BPF object"), r.out());
        assertTrue(r.out().matches("(?s).*xdp_blocklist\\s+xdp\\s+xdp\\s+\\d+ insns.*"), r.out());
        assertTrue(r.out().contains("blocklist") && r.out().contains("hash") && r.out().contains("max_entries 1024"), r.out());
        assertTrue(r.out().contains("license GPL, BTF yes, BTF.ext yes"), r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonDescribesProgramsAndMaps() throws Exception {
        Path obj = Examples.build("tracepoint-connect").object();
        CliRunner r = CliRunner.run("verify", "--json", obj.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> doc = (Map<String, Object>) io.tinybpf.testing.JsonSchema.assertValid(r.out(), "verify.schema.json");
        assertEquals(Boolean.TRUE, doc.get("valid"));
        Map<String, Object> prog = (Map<String, Object>) ((List<Object>) doc.get("programs")).getFirst();
        assertEquals("handle_connect", prog.get("name"));
        assertEquals("tracepoint", prog.get("type"));
        Map<String, Object> map = (Map<String, Object>) ((List<Object>) doc.get("maps")).getFirst();
        assertEquals("ringbuf", map.get("type"));
        assertEquals(65536L, map.get("max_entries"));
        assertEquals("connectEvent (28 bytes)", map.get("record_type"));
    }

    @Test
    @Tag("kernel")
    void kernelVerdictsWithProcessedInstructions() {
        Path obj = Examples.build("kfunc-task").object();
        Requires.kernel();
        CliRunner r = CliRunner.run("verify", "--kernel", obj.toString());
        io.tinybpf.testing.JsonSchema.assertValid(CliRunner.run("verify", "--kernel", "--json", obj.toString()).out(), "verify.schema.json");
        // each line shows what this kernel decides (probed here the way the command decides it):
        // processed instructions when it accepts, the errno when it refuses the program type
        boolean allAccepted = true;
        for (String p : List.of("lookup_task", "unlink_task")) {
            KernelVerifier.Verdict v = KernelVerifier.verifyOne(obj, p);
            String shown = String.format("%-20s ", p);
            if (v.accepted()) {
                assertTrue(r.out().matches("(?s).*" + shown + "accepted: processed " + v.stats().processedInsns() + " insns.*"), r.out());
            } else if (v.refusal() != null) {
                allAccepted = false;
                assertTrue(r.out().contains(shown + "not loaded: " + v.refusal().split(":")[0]), r.out());
            } else {
                allAccepted = false;
                assertTrue(r.out().contains(shown + "REJECTED"), r.out());
            }
        }
        assertEquals(allAccepted ? 0 : 1, r.exit(), "a program that cannot be loaded fails verification");
    }

    @Test
    @Tag("kernel")
    void verifierRejectionPointsAtTheGoLine(@TempDir Path tmp) {
        Examples.requireToolchain();
        Requires.kernel();
        Path obj = tmp.resolve("unchecked.o");
        CliRunner b = CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/bad/unchecked-packet").toString(),
                "--section", "prog=xdp", "-o", obj.toString());
        assertEquals(0, b.exit(), "it compiles: only the verifier can tell\n" + b.err());
        CliRunner r = CliRunner.run("verify", "--kernel", obj.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("prog                 REJECTED at main.go:14: invalid access to packet"), r.out());
        assertTrue(r.out().contains("source: proto := *(*uint8)(unsafe.Pointer(data + 23))"), r.out());
    }

    @Test
    @Tag("kernel")
    void buildWithVerifyKernelFailsAtTheGoLineAndWritesNothing(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Requires.kernel();
        Path obj = tmp.resolve("unchecked.o");
        String pkg = Requires.repo().resolve("src/test/resources/io/tinybpf/bad/unchecked-packet").toString();
        CliRunner b = CliRunner.run("build", pkg, "--section", "prog=xdp", "--verify-kernel", "-o", obj.toString());
        assertEquals(1, b.exit(), b.out() + b.err());
        assertTrue(b.err().startsWith("stage \"kernel-verify\" failed: main.go:14: error: the kernel's verifier rejected prog: "
                + "invalid access to packet"), b.err());
        assertTrue(b.err().contains("(source: proto := *(*uint8)(unsafe.Pointer(data + 23))"), b.err());
        assertFalse(Files.exists(obj), "a rejected object is not written");
        // the same check runs when the object comes from the build cache
        CliRunner again = CliRunner.run("build", pkg, "--section", "prog=xdp", "--verify-kernel", "-o", obj.toString());
        assertEquals(1, again.exit(), again.err());
        assertFalse(Files.exists(obj));
        // a program type the kernel refuses outright cannot be verified: a warning with its errno, and the
        // object is written (probed: where the kernel allows LSM programs the build is simply clean)
        Path lsm = tmp.resolve("lsm.o");
        CliRunner l = CliRunner.run("build", Examples.examplesDir().resolve("lsm-file-open").toString(), "--verify-kernel",
                "-o", lsm.toString());
        assertEquals(0, l.exit(), l.err());
        KernelVerifier.Verdict lsmVerdict = KernelVerifier.verifyOne(lsm, "check_file_open");
        if (lsmVerdict.refusal() != null) {
            assertTrue(l.err().contains("warning: program check_file_open was not verified: " + lsmVerdict.refusal().split(":")[0]), l.err());
        } else {
            assertTrue(lsmVerdict.accepted(), lsmVerdict.toString());
            assertEquals("", l.err());
        }
        assertTrue(Files.exists(lsm));
        // and an accepted program is simply written
        CliRunner ok = CliRunner.run("build", Examples.examplesDir().resolve("xdp-blocklist").toString(), "--verify-kernel",
                "-o", tmp.resolve("xdp.o").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("", ok.err());
    }

    @Test
    void corruptObjectIsAnErrorNotACrash(@TempDir Path tmp) throws Exception {
        Path bad = Files.write(tmp.resolve("bad.o"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        CliRunner r = CliRunner.run("verify", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("INVALID BPF object"), r.out());
        assertFalse((r.out() + r.err()).contains("Exception"));
        assertEquals(2, CliRunner.run("verify").exit());
    }
}
