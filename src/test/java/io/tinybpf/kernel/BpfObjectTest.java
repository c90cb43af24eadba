package io.tinybpf.kernel;

import static io.tinybpf.kernel.LittleEndian.u32;
import static io.tinybpf.kernel.LittleEndian.u64At;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What an opened object describes, open options reaching libbpf, and pinning through libbpf. */
@Tag("kernel")
class BpfObjectTest {
    @BeforeEach
    void kernel() {
        Requires.kernel();
    }

    @Test
    void programsAndMapsAreDescribedBeforeAndAfterLoad() {
        try (BpfObject obj = BpfObject.open(Fixtures.bpf("tp_connect"),
                OpenOptions.statsOnly().withObjectName("renamed").withBtfCustomPath(Path.of("/sys/kernel/btf/vmlinux")))) {
            assertEquals("renamed", obj.name());
            Map<String, BpfProgram> progs = obj.programs().stream().collect(Collectors.toMap(BpfProgram::name, p -> p));
            assertEquals("tracepoint/syscalls/sys_enter_connect", progs.get("on_connect").section());
            assertEquals("raw_tp/sys_enter", progs.get("count_raw").section());
            assertEquals("tp_btf/sys_enter", progs.get("count_btf").section());
            assertEquals("trace_raw_tp", progs.get("count_btf").expectedAttachTypeName());
            assertTrue(progs.get("on_connect").instructionCount() > 10);
            assertEquals(-1, progs.get("on_connect").fd());
            assertThrows(IllegalStateException.class, () -> progs.get("on_connect").info());

            BpfMap events = obj.map("events");
            assertEquals("ringbuf", events.typeName());
            assertEquals(64 * 1024, events.maxEntries());
            BpfMap counts = obj.map("counts");
            assertEquals(4, counts.keySize());
            assertEquals(8, counts.valueSize());
            BpfMap rodata = obj.map(".rodata");
            assertTrue(rodata.name().endsWith(".rodata"), rodata.name());
            assertThrows(IllegalStateException.class, events::fd, "no fd before load");

            obj.setVariable("target_tgid", u32(1));
            LoadResult r = obj.load();
            assertEquals(3, r.programs().size());
            assertTrue(r.totalProcessedInsns() > 0);
            assertTrue(r.success());
            for (VerifierReport v : r.programs()) {
                assertTrue(v.accepted());
                assertTrue(v.processedInsns() > 0, v.log());
                assertTrue(v.stats().verificationTimeUsec() >= 0, v.log());
            }
            assertThrows(IllegalStateException.class, obj::load, "libbpf loads an object once");
            ProgInfo info = obj.program("on_connect").info();
            assertTrue(info.mapIds().contains(events.info().id()), "program uses the ring buffer: " + info.mapIds());
            assertTrue(info.gplCompatible());
            assertEquals(r.program("on_connect").orElseThrow().processedInsns(), info.verifiedInsns());
            assertTrue(events.fd() >= 0);
        }
    }

    @Test
    void pinRootReceivesPinByNameMapsAndAReloadReusesThem() throws Exception {
        Path root = Path.of("/sys/fs/bpf", Fixtures.uniqueName("tinybpf-test-"));
        Files.createDirectory(root);
        try {
            OpenOptions opts = OpenOptions.defaults().withPinRoot(root);
            for (int round = 1; round <= 2; round++) {
                try (BpfObject obj = BpfObject.open(Fixtures.bpf("pinned"), opts)) {
                    obj.load();
                    assertTrue(Files.exists(root.resolve("shared_counts")));
                    obj.program("bump").testRun(TestRun.context(new byte[0]));
                    assertEquals(round, u64At(obj.map("shared_counts").lookup(u32(1)), 0),
                            "the second object reused the pinned map");
                }
            }
            try (BpfMap m = BpfMap.openPinned(root.resolve("shared_counts"))) {
                assertEquals(2, u64At(m.lookup(u32(1)), 0));
            }
        } finally {
            Files.deleteIfExists(root.resolve("shared_counts"));
            Files.delete(root);
        }
        assertFalse(Files.exists(root));
    }

    @Test
    void pinnedLinkKeepsTheProgramAttachedAfterTheObjectIsClosed() throws Exception {
        Requires.tracefs();
        Path dir = Path.of("/sys/fs/bpf", Fixtures.uniqueName("tinybpf-test-"));
        Files.createDirectory(dir);
        try {
            try (BpfObject obj = BpfObject.open(Fixtures.bpf("tp_connect"), OpenOptions.statsOnly())) {
                obj.setVariable("target_tgid", u32((int) ProcessHandle.current().pid()));
                obj.program("on_connect").setAutoload(false);
                obj.program("count_btf").setAutoload(false);
                obj.load();
                obj.map("counts").pin(dir.resolve("counts"));
                obj.program("count_raw").pin(dir.resolve("prog"));
                BpfLink link = obj.program("count_raw").attachRawTracepoint("sys_enter");
                link.pin(dir.resolve("link"));
            } // closes the link fd, the program and the maps
            try (BpfMap counts = BpfMap.openPinned(dir.resolve("counts"))) {
                long before = u64At(counts.lookup(u32(0)), 0);
                Thread.sleep(5);
                long after = u64At(counts.lookup(u32(0)), 0);
                assertTrue(after > before, "pinned link still counts our syscalls: " + before + " -> " + after);
                Files.delete(dir.resolve("link")); // unpin: the last reference, so the link detaches
                long detached = Fixtures.settled(() -> u64At(counts.lookup(u32(0)), 0)); // fails if it keeps counting
                Thread.sleep(20);
                assertEquals(detached, u64At(counts.lookup(u32(0)), 0), "unpinned link detached");
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path f : s.toList()) Files.delete(f);
            }
            Files.delete(dir);
        }
    }
}
