package io.tinybpf.kernel;

import static io.tinybpf.kernel.LittleEndian.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Lifetimes: closing releases every fd and kernel object, in the right order, idempotently; the
 * verifier log buffer grows on ENOSPC. Isolated so that counting /proc/self/fd is meaningful.
 */
@Tag("kernel")
@Isolated
class ResourceTest {
    @BeforeEach
    void kernel() {
        Requires.tracefs();
    }

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** One round of everything that holds fds: load, links, readers, a rejected load, a raw map. */
    private static List<Integer> exercise() {
        List<Integer> progIds = new ArrayList<>();
        BpfObject obj = BpfObject.open(Fixtures.bpf("tp_connect"));
        obj.setVariable("target_tgid", u32((int) ProcessHandle.current().pid()));
        obj.load();
        for (BpfProgram p : obj.programs()) progIds.add(p.info().id());
        obj.program("on_connect").attachTracepoint("syscalls", "sys_enter_connect");
        obj.program("count_raw").attachRawTracepoint("sys_enter");
        BpfLink btf = obj.program("count_btf").attach();
        RingBufferReader rb = RingBufferReader.open(obj.map("events"), b -> {});
        rb.poll(Duration.ZERO);
        btf.close();
        btf.close(); // idempotent
        assertEquals(3, obj.openDependents());
        obj.close(); // closes the reader and the two remaining links first
        obj.close();
        assertThrows(IllegalStateException.class, () -> rb.poll(Duration.ZERO), "reader was closed by the object");

        try (BpfObject misc = BpfObject.open(Fixtures.bpf("misc"))) {
            misc.load();
            progIds.add(misc.program("perf_emit").info().id());
            PerfBufferReader pb = PerfBufferReader.open(misc.map("perf_events"), 1, (c, d) -> {}, null);
            pb.poll(Duration.ZERO);
        }
        try (BpfObject bad = BpfObject.open(Fixtures.bpf("bad"))) {
            for (BpfProgram p : bad.programs()) p.setAutoload(p.name().equals("oob_read"));
            assertThrows(KernelException.class, bad::load);
        }
        try (BpfMap m = BpfMap.create(1, 4, 4, 4, 0, "t_leak")) {
            m.update(u32(1), u32(2));
        }
        return progIds;
    }

    @Test
    void closingReleasesEveryDescriptorAndKernelObject() throws Exception {
        exercise(); // warm-up: class loading, libbpf feature probes
        long before = openFds();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.addAll(exercise());
        long after = openFds();
        assertEquals(before, after, "open fds before/after three rounds");
        for (int id : ids) {
            long deadline = System.currentTimeMillis() + 3000;
            boolean gone = false;
            while (!gone && System.currentTimeMillis() < deadline) {
                try {
                    Bpf.progFdById(id).close(); // still there: links are released asynchronously
                    Thread.sleep(10);
                } catch (KernelException e) {
                    assertEquals(Errno.ENOENT, e.errno());
                    gone = true;
                }
            }
            assertTrue(gone, "program id " + id + " still exists");
        }
    }

    @Test
    void verifierLogGrowsOnEnospcAndFallsBackToStatsWhenCapped() {
        Path xdp = Fixtures.bpf("xdp_filter");
        OpenOptions verbose = OpenOptions.defaults().withLogLevel(Bpf.LOG_LEVEL2 | Bpf.LOG_STATS).withLogSize(4096);
        String full;
        try (BpfObject obj = BpfObject.open(xdp, verbose.withMaxLogSize(64 << 20))) {
            obj.map("blocked_ports"); // edits and lookups survive the reopen
            obj.setMaxEntries("blocked_ports", 32);
            VerifierReport r = obj.load().program("xdp_filter").orElseThrow();
            full = r.log();
            assertTrue(full.length() > 4096, "log of " + full.length() + " bytes needed a larger buffer");
            assertFalse(r.truncated());
            assertTrue(r.processedInsns() > 0);
            assertTrue(full.startsWith("func#0") || full.startsWith("0:"), full.substring(0, 40));
            assertEquals(32, obj.map("blocked_ports").maxEntries(), "pre-load edit replayed after reopen");
            assertEquals(32, obj.map("blocked_ports").info().maxEntries());
        }
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("tp_connect"), verbose.withLogSize(1024).withMaxLogSize(64 << 20))) {
            LoadResult r = obj.load(); // three programs, each overflowing 1 KiB in turn
            assertEquals(3, r.programs().size());
            for (VerifierReport v : r.programs()) {
                assertFalse(v.truncated(), v.program());
                assertTrue(v.log().contains("processed"), v.program());
            }
            assertTrue(r.programs().stream().allMatch(v -> v.log().length() > 1024),
                    r.programs().stream().map(v -> v.program() + "=" + v.log().length()).toList().toString());
        }
        try (BpfObject obj = BpfObject.open(xdp, verbose.withMaxLogSize(4096))) {
            VerifierReport r = obj.load().program("xdp_filter").orElseThrow();
            assertTrue(r.truncated());
            assertTrue(r.accepted());
            assertTrue(obj.program("xdp_filter").fd() >= 0, "loaded after the stats-only retry");
            assertTrue(r.processedInsns() > 0, r.log());
            assertTrue(r.log().contains("-- stats-only reload --"), r.log());
        }
    }
}
