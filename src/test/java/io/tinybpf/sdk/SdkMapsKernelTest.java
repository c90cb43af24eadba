package io.tinybpf.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.elf.ElfFile;
import io.tinybpf.elf.ObjectSummary;
import io.tinybpf.kernel.BpfObject;
import io.tinybpf.kernel.LittleEndian;
import io.tinybpf.kernel.RingBufferReader;
import io.tinybpf.kernel.TestRun;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.GoTool;
import io.tinybpf.testing.Requires;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One map of every SDK map type (good/sdk-maps): the BTF definitions libbpf reads (map-in-map
 * inner definitions included), then a test run in the kernel whose results are the ones the same
 * program gives on the host under go test (maps_test.go).
 */
@Tag("tinygo")
@Tag("llvm")
class SdkMapsKernelTest {
    static Path fixture() {
        return Requires.repo().resolve("src/test/resources/io/tinybpf/good/sdk-maps");
    }

    static Path build(Path tmp) {
        Examples.requireToolchain();
        Path out = tmp.resolve("maps.bpf.o");
        CliRunner b = CliRunner.run("build", fixture().toString(), "-o", out.toString());
        assertEquals(0, b.exit(), b.err());
        return out;
    }

    @Test
    void everyMapTypeHasItsLibbpfDefinition(@TempDir Path tmp) throws Exception {
        ObjectSummary s = ObjectSummary.summarize(ElfFile.read(build(tmp)));
        Map<String, String> got = new TreeMap<>();
        for (ObjectSummary.MapInfo m : s.maps()) got.put(m.name(), TwinParityTest.definition(m));
        assertEquals(Map.ofEntries(
                Map.entry("array", "array key 4 value 8 max 4 flags 0 pinning 0"),
                Map.entry("byName", "hash_of_maps key 4 value 4 max 2 flags 0 pinning 0 inner(hash key 4 value 8 max 4 flags 0 pinning 0)"),
                Map.entry("hash", "hash key 4 value 8 max 8 flags 0 pinning 0"),
                Map.entry("inner", "array key 4 value 8 max 2 flags 0 pinning 0"),
                Map.entry("lru", "lru_hash key 4 value 8 max 2 flags 0 pinning 0"),
                Map.entry("lruPcpu", "lru_percpu_hash key 4 value 8 max 8 flags 2 pinning 0"),
                Map.entry("outer", "array_of_maps key 4 value 4 max 2 flags 0 pinning 0 inner(array key 4 value 8 max 2 flags 0 pinning 0)"),
                Map.entry("pcpuArr", "percpu_array key 4 value 8 max 1 flags 0 pinning 0"),
                Map.entry("pcpuHash", "percpu_hash key 4 value 8 max 8 flags 0 pinning 0"),
                Map.entry("perf", "perf_event_array key 4 value 4 max 0 flags 0 pinning 0"),
                Map.entry("pinned", "hash key 4 value 4 max 1 flags 1 pinning 0"),
                Map.entry("progs", "prog_array key 4 value 4 max 2 flags 0 pinning 0"),
                Map.entry("queue", "queue key 0 value 8 max 4 flags 0 pinning 0"),
                Map.entry("ring", "ringbuf key 0 value 0 max 4096 flags 0 pinning 0"),
                Map.entry("stack", "stack key 0 value 8 max 4 flags 0 pinning 0"),
                Map.entry("trie", "lpm_trie key 8 value 4 max 8 flags 1 pinning 0")), got);
    }

    @Test
    @Tag("kernel")
    void theKernelGivesTheHostsResults(@TempDir Path tmp) throws Exception {
        Path obj = build(tmp);
        GoTool.ok(fixture(), "vet", "./...");
        GoTool.ok(fixture(), "test", "-count=1", "./..."); // the host run, with the values asserted below
        Requires.kernel();
        try (BpfObject o = BpfObject.open(obj)) {
            o.load();
            o.map("outer").update(LittleEndian.u32(0), LittleEndian.u32(o.map("inner").fd()));
            o.map("inner").update(LittleEndian.u32(1), LittleEndian.u64(40));
            List<byte[]> recs = new ArrayList<>();
            try (RingBufferReader rb = RingBufferReader.open(o.map("ring"), recs::add)) {
                long ret = o.program("exercise").testRun(TestRun.context(LittleEndian.u64(100))).retval();
                rb.poll(Duration.ofMillis(200));
                assertEquals(100 + 101 + 7 + 5 + 6 + 40, ret);
                assertEquals(1, recs.size());
                ByteBuffer b = ByteBuffer.wrap(recs.getFirst()).order(ByteOrder.LITTLE_ENDIAN);
                long[] got = new long[8];
                for (int i = 0; i < 8; i++) got[i] = b.getLong(8 * i);
                // Hash, Array, PerCPU, LRU, Trie, Queue, Stack, Inner: as maps_test.go wants them on the host
                assertEquals(List.of(100L, 101L, 100L, 3L, 7L, 5L, 6L, 40L), java.util.Arrays.stream(got).boxed().toList());
            }
            for (int k : new int[] {10, 11, 12}) {
                assertEquals(k != 10, o.map("lru").lookup(LittleEndian.u32(k)) != null, "LRU eviction of key " + k + " as on the host");
            }
        }
    }
}
