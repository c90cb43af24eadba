package io.tinybpf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure-Java parts: verifier log parsing, errno names, failure classification, CPU lists. No kernel needed. */
class ParsingTest {
    static final String ACCEPTED = """
            func#0 @0
            0: R1=ctx() R10=fp0
            0: (b7) r0 = 2                        ; R0_w=2
            1: (95) exit
            verification time 41 usec
            stack depth 16+8+0
            processed 12 insns (limit 1000000) max_states_per_insn 1 total_states 3 peak_states 3 mark_read 2
            """;

    static final String REJECTED = """
            0: R1=ctx() R10=fp0
            10: (79) r0 = *(u64 *)(r1 +64)
            invalid access to map value, value_size=8 off=64 size=8
            R1 min value is outside of the allowed memory range
            verification time 89 usec
            stack depth 8
            processed 10 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
            """;

    @Test
    void summaryLinesAreParsed() {
        VerifierStats s = VerifierStats.parse(ACCEPTED);
        assertEquals(12, s.processedInsns());
        assertEquals(1_000_000, s.insnLimit());
        assertEquals(1, s.maxStatesPerInsn());
        assertEquals(3, s.totalStates());
        assertEquals(3, s.peakStates());
        assertEquals(2, s.markRead());
        assertEquals(41, s.verificationTimeUsec());
        assertEquals(List.of(16, 8, 0), s.stackDepths());
        assertEquals(16, s.stackDepth());
        assertEquals(16, s.maxStackDepth());
    }

    @Test
    void parserToleratesMissingAndOlderFormats() {
        assertEquals(VerifierStats.NONE, VerifierStats.parse(""));
        assertEquals(VerifierStats.NONE, VerifierStats.parse(null));
        // 4.x kernels: no states/mark_read, no stats lines
        VerifierStats old = VerifierStats.parse("processed 7 insns (limit 131072), stack depth 0\n");
        assertEquals(7, old.processedInsns());
        assertEquals(131072, old.insnLimit());
        assertEquals(-1, old.peakStates());
        assertEquals(-1, old.verificationTimeUsec());
        // fields on their own, in another order
        VerifierStats odd = VerifierStats.parse("peak_states 4 total_states 9\nprocessed 3 insns\n");
        assertEquals(3, odd.processedInsns());
        assertEquals(9, odd.totalStates());
        assertEquals(4, odd.peakStates());
        assertEquals(-1, odd.insnLimit());
        assertEquals(-1, odd.stackDepth());
    }

    @Test
    void complaintIsWhatFollowsTheLastInstruction() {
        VerifierReport r = VerifierReport.of("p", false, REJECTED, false);
        assertEquals("invalid access to map value, value_size=8 off=64 size=8\n"
                + "R1 min value is outside of the allowed memory range", r.complaint());
        assertEquals(10, r.processedInsns());
        assertEquals(8, r.stackDepth());
        assertEquals("BPF program is too large. Processed 1000001 insn",
                VerifierReport.complaintOf("BPF program is too large. Processed 1000001 insn\nprocessed 1000001 insns\n"));
        assertNull(VerifierReport.complaintOf(""));
        String statsOnly = REJECTED.lines().filter(l -> !l.matches("^\\d+: .*")).collect(java.util.stream.Collectors.joining("\n"));
        assertEquals("invalid access to map value, value_size=8 off=64 size=8\n"
                + "R1 min value is outside of the allowed memory range", VerifierReport.complaintOf(statsOnly));
    }

    @Test
    void errnoNamesAndNumbers() {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EACCES", Errno.name(-13));
        assertEquals("E2BIG", Errno.name(Errno.E2BIG));
        assertEquals("ENOTSUPP", Errno.name(524));
        assertEquals("E9999", Errno.name(9999));
        assertEquals(28, Errno.number("enospc"));
        assertEquals(-1, Errno.number("ENOPE"));
        assertEquals("Permission denied", Errno.description(13));
    }

    @Test
    void failureKinds() {
        assertEquals(KernelException.Kind.VERIFIER_REJECTED,
                new KernelException("load", Errno.EACCES, REJECTED, null, true).kind());
        assertEquals(KernelException.Kind.VERIFIER_REJECTED,
                new KernelException("load", Errno.EINVAL, REJECTED, null, true).kind());
        assertEquals(KernelException.Kind.KERNEL_REFUSED, new KernelException("load", Errno.EPERM, null, null, true).kind());
        assertEquals(KernelException.Kind.KERNEL_REFUSED, new KernelException("load", Errno.EINVAL, "", null, true).kind());
        assertEquals(KernelException.Kind.KERNEL_REFUSED, new KernelException("attach", Errno.EOPNOTSUPP).kind());
        assertEquals(KernelException.Kind.NOT_FOUND, new KernelException("attach", -Errno.ENOENT).kind());
        assertEquals(KernelException.Kind.OTHER, new KernelException("update", Errno.EEXIST).kind());
        KernelException e = new KernelException("BPF_MAP_CREATE", Errno.E2BIG);
        assertEquals(7, e.errno());
        assertTrue(e.getMessage().startsWith("BPF_MAP_CREATE failed: E2BIG"), e.getMessage());
        assertFalse(e.isProgramLoad());
    }

    @Test
    void cpuLists() {
        assertEquals(1, Bpf.parseCpuList("0\n"));
        assertEquals(4, Bpf.parseCpuList("0-3"));
        assertEquals(7, Bpf.parseCpuList("0-3,8,10-11"));
    }

    @Test
    void instructionEncoding() {
        long[] p = Bpf.returnImm(2);
        assertEquals(0x00000002_000000b7L, p[0]); // mov r0, 2
        assertEquals(0x95L, p[1]);                 // exit
        assertEquals(0xffffffff_00001bb7L, Bpf.insn(0xb7, 0xb, 0x1, 0, -1)); // imm is sign-extended into the high word
        assertEquals(0x00000000_fffe0005L, Bpf.insn(0x05, 0, 0, -2, 0));     // ja -2: 16-bit offset
    }
}
