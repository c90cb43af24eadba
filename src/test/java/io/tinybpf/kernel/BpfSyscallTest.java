package io.tinybpf.kernel;

import static io.tinybpf.kernel.LittleEndian.u32;
import static io.tinybpf.kernel.LittleEndian.u32At;
import static io.tinybpf.kernel.LittleEndian.u64;
import static io.tinybpf.kernel.LittleEndian.u64At;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bpf(2) layer on its own: raw program loads, standalone maps, info, stats, pins. */
@Tag("kernel")
class BpfSyscallTest {
    static final int PROG_TYPE_SOCKET_FILTER = 1, PROG_TYPE_XDP = 6;
    static final int MAP_TYPE_HASH = 1, MAP_TYPE_ARRAY = 2, MAP_TYPE_LPM_TRIE = 11;
    static final int BPF_F_NO_PREALLOC = 1;

    @BeforeEach
    void kernel() {
        Requires.kernel();
    }

    @Test
    void rawProgramLoadsWithVerifierStatsAndTestRuns() {
        try (Bpf.RawProgram p = Bpf.progLoad(PROG_TYPE_XDP, Bpf.returnImm(2), "GPL", "ret_pass", 0,
                Bpf.LOG_LEVEL1 | Bpf.LOG_STATS)) {
            assertEquals(2, p.report().processedInsns(), p.report().log());
            assertEquals(0, p.report().stackDepth(), p.report().log());
            assertTrue(p.report().stats().verificationTimeUsec() >= 0, p.report().log());
            ProgInfo info = Bpf.progInfo(p.fd().fd());
            assertEquals("ret_pass", info.name());
            assertEquals("xdp", info.typeName());
            assertEquals(2, info.verifiedInsns());
            assertEquals(2, info.xlatedInsns());
            assertTrue(info.id() > 0);
            assertEquals(16, info.tag().length());

            byte[] packet = new byte[64];
            TestRunResult r = Bpf.testRun(p.fd().fd(), TestRun.packet(packet));
            assertEquals(2, r.retval()); // XDP_PASS
            assertArrayEquals(packet, r.dataOut());
        }
    }

    @Test
    void runStatisticsAreCountedWhileEnabled() {
        try (Bpf.RawProgram p = Bpf.progLoad(PROG_TYPE_SOCKET_FILTER, Bpf.returnImm(0), "GPL", "stats", 0, 0);
             BpfFd stats = Bpf.enableStats()) {
            Bpf.testRun(p.fd().fd(), TestRun.packet(new byte[64]).withRepeat(100));
            ProgInfo info = Bpf.progInfo(p.fd().fd());
            assertTrue(info.runCount() >= 100, "run_cnt " + info.runCount());
            assertTrue(info.runTimeNs() > 0);
        }
    }

    @Test
    void hashMapUpdateFlagsLookupDeleteAndIterate() {
        try (BpfMap m = BpfMap.create(MAP_TYPE_HASH, 4, 8, 16, 0, "t_hash")) {
            assertEquals("hash", m.typeName());
            assertEquals("t_hash", m.info().name());
            for (int i = 1; i <= 5; i++) m.update(u32(i), u64(i * 100L), Bpf.NOEXIST);
            assertEquals(300, u64At(m.lookup(u32(3)), 0));
            assertNull(m.lookup(u32(42)));

            KernelException dup = assertThrows(KernelException.class, () -> m.update(u32(1), u64(0), Bpf.NOEXIST));
            assertEquals("EEXIST", dup.errnoName());
            KernelException missing = assertThrows(KernelException.class, () -> m.update(u32(9), u64(0), Bpf.EXIST));
            assertEquals(Errno.ENOENT, missing.errno());
            m.update(u32(1), u64(111), Bpf.EXIST);
            assertEquals(111, u64At(m.lookup(u32(1)), 0));

            assertEquals(Set.of(1, 2, 3, 4, 5), keys(m));
            assertTrue(m.delete(u32(2)));
            assertFalse(m.delete(u32(2)));
            assertTrue(m.delete(u32(4)));
            assertEquals(Set.of(1, 3, 5), keys(m));
            assertEquals(3, m.entries().size());
            assertThrows(IllegalArgumentException.class, () -> m.lookup(new byte[3]));
        }
    }

    private static Set<Integer> keys(BpfMap m) {
        return m.keys().stream().map(k -> u32At(k, 0)).collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void arrayMapsRefuseDeletesWithEinval() {
        try (BpfMap m = BpfMap.create(MAP_TYPE_ARRAY, 4, 4, 4, 0, "t_array")) {
            assertArrayEquals(new byte[4], m.lookup(u32(3)));
            assertNull(m.lookup(u32(4)));
            KernelException e = assertThrows(KernelException.class, () -> m.delete(u32(0)));
            assertEquals("EINVAL", e.errnoName());
            assertEquals("BPF_MAP_DELETE_ELEM", e.operation());
            assertEquals(4, m.keys().size());
        }
    }

    @Test
    void lpmTrieFindsLongestPrefix() {
        try (BpfMap m = BpfMap.create(MAP_TYPE_LPM_TRIE, 8, 4, 16, BPF_F_NO_PREALLOC, "t_lpm")) {
            m.update(lpmKey(8, 10, 0, 0, 0), u32(8));
            m.update(lpmKey(16, 10, 1, 0, 0), u32(16));
            m.update(lpmKey(24, 10, 1, 2, 0), u32(24));
            assertEquals(24, u32At(m.lookup(lpmKey(32, 10, 1, 2, 3)), 0));
            assertEquals(16, u32At(m.lookup(lpmKey(32, 10, 1, 9, 9)), 0));
            assertEquals(8, u32At(m.lookup(lpmKey(32, 10, 200, 0, 1)), 0));
            assertNull(m.lookup(lpmKey(32, 11, 0, 0, 1)));
            assertEquals(3, m.keys().size());
            assertTrue(m.delete(lpmKey(16, 10, 1, 0, 0)));
            assertEquals(8, u32At(m.lookup(lpmKey(32, 10, 1, 9, 9)), 0));
            assertEquals(24, u32At(m.lookup(lpmKey(32, 10, 1, 2, 3)), 0));
            assertEquals(2, m.keys().size());
        }
    }

    /** struct bpf_lpm_trie_key for IPv4: u32 prefixlen (host order) + address bytes (network order). */
    static byte[] lpmKey(int prefix, int a, int b, int c, int d) {
        return LittleEndian.concat(u32(prefix), new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    @Test
    void pinAndReopenMapAndProgramThenUnpin() throws Exception {
        Path dir = Path.of("/sys/fs/bpf", Fixtures.uniqueName("tinybpf-test-"));
        Files.createDirectory(dir);
        try (BpfMap m = BpfMap.create(MAP_TYPE_HASH, 4, 4, 4, 0, "t_pin");
             Bpf.RawProgram p = Bpf.progLoad(PROG_TYPE_SOCKET_FILTER, Bpf.returnImm(7), "GPL", "t_pin", 0, 0)) {
            Path mapPin = dir.resolve("map");
            Path progPin = dir.resolve("prog");
            m.pin(mapPin);
            Bpf.objPin(p.fd().fd(), progPin.toString());
            assertTrue(Files.exists(mapPin) && Files.exists(progPin));

            try (BpfMap again = BpfMap.openPinned(mapPin)) {
                assertEquals(m.info().id(), again.info().id());
                again.update(u32(1), u32(77));
            }
            assertEquals(77, u32At(m.lookup(u32(1)), 0));
            try (BpfFd prog = Bpf.objGet(progPin.toString())) {
                assertEquals(Bpf.progInfo(p.fd().fd()).id(), Bpf.progInfo(prog.fd()).id());
                assertEquals(7, Bpf.testRun(prog.fd(), TestRun.packet(new byte[64])).retval());
            }
            KernelException e = assertThrows(KernelException.class, () -> Bpf.objGet(dir.resolve("nope").toString()));
            assertEquals(KernelException.Kind.NOT_FOUND, e.kind());
        } finally {
            try (var s = Files.list(dir)) {
                for (Path f : s.toList()) Files.delete(f); // unpin
            }
            Files.delete(dir);
        }
    }

    @Test
    void mapAndProgramIdsOpenNewDescriptors() {
        try (BpfMap m = BpfMap.create(MAP_TYPE_ARRAY, 4, 8, 1, 0, "t_byid");
             BpfFd again = Bpf.mapFdById(m.info().id())) {
            assertEquals(m.info().id(), Bpf.mapInfo(again.fd()).id(), "the id reopens the same map");
        }
    }
}
