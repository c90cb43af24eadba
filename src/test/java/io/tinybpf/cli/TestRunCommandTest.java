package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tinybpf test: BPF_PROG_TEST_RUN from the command line, through the real kernel. */
@Tag("kernel")
@Tag("tinygo")
class TestRunCommandTest {
    private static String obj(String example) {
        String o = Examples.build(example).object().toString();
        Requires.kernel();
        return o;
    }

    @Test
    void xdpVerdictChangesWithAMapEntrySetBeforeTheRun() {
        String o = obj("xdp-blocklist");
        CliRunner pass = CliRunner.run("test", o, "--packet", "udp 10.0.0.1:1234 > 10.0.0.2:53", "--expect", "XDP_PASS");
        assertEquals(0, pass.exit(), pass.out() + pass.err());
        assertTrue(pass.out().startsWith("xdp_blocklist (xdp): returned 2 XDP_PASS"), pass.out());
        assertTrue(pass.out().contains("packet: 50 bytes in, 50 out (unchanged)"), pass.out());

        CliRunner drop = CliRunner.run("test", o, "--packet", "udp 10.0.0.1:1234 > 10.0.0.2:53", "--set", "blocklist:10.0.0.1=0",
                "--repeat", "5", "--dump", "blocklist", "--expect", "XDP_DROP");
        assertEquals(0, drop.exit(), drop.out() + drop.err());
        assertTrue(drop.out().contains("returned 1 XDP_DROP") && drop.out().contains("per run (5 runs)"), drop.out());
        assertTrue(drop.out().contains("blocklist (hash):") && drop.out().contains("→ 5"), "the program counted 5 hits:\n" + drop.out());
    }

    @Test
    void aWrongExpectationFailsNamingBothValues() {
        CliRunner r = CliRunner.run("test", obj("tc-port-drop"), "--packet", "tcp 10.0.0.1:1 > 10.0.0.2:80", "--expect", "TC_ACT_SHOT");
        assertEquals(3, r.exit(), "an unmet expectation has its own exit code:\n" + r.out());
        assertTrue(r.err().contains("tc_ingress returned 0 (TC_ACT_OK), expected 2 (TC_ACT_SHOT)"), r.err());
    }

    @Test
    void tailCallThroughAProgramArrayFilledFromTheCommandLine() {
        String o = obj("tail-calls");
        CliRunner empty = CliRunner.run("test", o, "-p", "dispatch", "--packet", "arp", "--expect", "XDP_PASS");
        assertEquals(0, empty.exit(), empty.out() + empty.err());
        CliRunner jumped = CliRunner.run("test", o, "-p", "dispatch", "--packet", "arp", "--set", "jumpTable:0=@handle_drop",
                "--expect", "XDP_DROP");
        assertEquals(0, jumped.exit(), jumped.out() + jumped.err());
    }

    @Test
    void rodataConstantsAndSyscallContext() {
        String o = obj("rodata-config");
        CliRunner r = CliRunner.run("test", o, "--ctx", "0x05000000", "--const", "multiplier=3", "--const", "offset=7", "--expect", "22");
        assertEquals(0, r.exit(), r.out() + r.err());
        // the context is decoded with the Go type the program's parameter points to
        assertTrue(r.out().contains("context after the run: X=5"), r.out());
    }

    @Test
    void rawTracepointRunDeliversARingBufferRecordDecodedFromBtf() {
        CliRunner r = CliRunner.run("test", obj("rawtp-exec"), "--ctx", "zeros:8");
        assertEquals(0, r.exit(), r.out() + r.err());
        long tgid = ProcessHandle.current().pid();
        assertTrue(r.out().matches("(?s).*\\[events\\] Pid=\\d+ Tgid=" + tgid + " .*HelperTgid=" + tgid + " .*"), r.out());
    }

    @Test
    void packetFromAFileAndSocketFilterMeaning(@TempDir Path tmp) throws Exception {
        Path pkt = tmp.resolve("udp.bin");
        Files.write(pkt, io.tinybpf.kernel.Packets.parse("udp 10.0.0.1:1 > 10.0.0.2:2"));
        CliRunner r = CliRunner.run("test", obj("socket-filter"), "--packet", "@" + pkt, "--dump", "protoCounts", "--expect", "0xffff");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("returned 65535 (keep 65535 bytes)"), r.out());
        assertTrue(r.out().contains("  17 → 1") && r.out().contains("(255 other slots zero)"), r.out());
    }

    @Test
    void kfuncProgramChosenFromAnObjectWhoseOtherProgramThisKernelRefuses() {
        // kfunc-task also holds an fentry program (EPERM here): only the chosen program is loaded
        String pid = HexFormat.of().formatHex(LittleEndian.u32((int) ProcessHandle.current().pid()));
        CliRunner r = CliRunner.run("test", obj("kfunc-task"), "-p", "lookup_task", "--ctx", "0x" + pid + "0000000000000000",
                "--expect", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Found=1"), r.out());
    }

    @Test
    void aVerifierRejectionIsReportedAtItsGoLine(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Examples.requireToolchain();
        Requires.kernel();
        Path o = tmp.resolve("unchecked.o");
        CliRunner b = CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/bad/unchecked-packet").toString(),
                "--section", "prog=xdp", "-o", o.toString());
        assertEquals(0, b.exit(), b.err());
        CliRunner r = CliRunner.run("test", o.toString(), "--packet", "arp");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("rejected at main.go:14: proto := *(*uint8)(unsafe.Pointer(data + 23))"), r.err());
    }

    @Test
    void mistakesAreOneLineErrors() {
        String o = obj("tail-calls");
        CliRunner ambiguous = CliRunner.run("test", o, "--packet", "arp");
        assertEquals(2, ambiguous.exit());
        assertEquals("error: the object has 2 programs [dispatch, handle_drop]; choose one with --program", ambiguous.err().strip());
        CliRunner badMap = CliRunner.run("test", o, "-p", "dispatch", "--packet", "arp", "--set", "nope:0=1");
        assertEquals(2, badMap.exit());
        assertTrue(badMap.err().startsWith("error: --set: no map 'nope'"), badMap.err());
        CliRunner badPacket = CliRunner.run("test", o, "-p", "dispatch", "--packet", "udp 10.0.0.300 > 1.1.1.1");
        assertEquals(2, badPacket.exit());
        assertTrue(badPacket.err().contains("'10.0.0.300' is not an IPv4 address"), badPacket.err());
        CliRunner noPacket = CliRunner.run("test", o, "-p", "dispatch", "--ctx", "zeros:4");
        assertEquals(1, noPacket.exit());
        assertTrue(noPacket.err().contains("hint: xdp programs run on a packet: pass --packet"), noPacket.err());
        CliRunner tooBig = CliRunner.run("test", obj("rodata-config"), "--ctx", "zeros:4", "--const", "offset=99999999999");
        assertEquals(2, tooBig.exit());
        assertTrue(tooBig.err().contains("99999999999 does not fit in 4 bytes"), tooBig.err());
        CliRunner missing = CliRunner.run("test", "/nonexistent.o");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no such object: /nonexistent.o"), missing.err());
    }
}
