package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
    static String key(String s) {
        return new BuildCache.Key("test").add(s).hex();
    }

    @Test
    void storesAndReturnsArtifactsWithNotes(@TempDir Path dir) {
        BuildCache c = new BuildCache(dir, 1 << 20);
        assertTrue(c.get(key("a")).isEmpty());
        c.put(key("a"), "hello".getBytes(StandardCharsets.UTF_8), "{\"n\":1}");
        var hit = c.get(key("a")).orElseThrow();
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), hit.data());
        assertEquals("{\"n\":1}", hit.notes());
    }

    @Test
    void keysSeparateTheirParts() {
        assertNotEquals(new BuildCache.Key("x").add("ab").add("c").hex(), new BuildCache.Key("x").add("a").add("bc").hex());
        assertEquals(64, key("a").length());
    }

    @Test
    void corruptEntriesAreRemovedAndMiss(@TempDir Path dir) throws Exception {
        BuildCache c = new BuildCache(dir, 1 << 20);
        String k = key("a");
        c.put(k, new byte[] {1, 2, 3}, "");
        Path data = dir.resolve(k.substring(0, 2)).resolve(k).resolve("data");
        Files.write(data, new byte[] {1, 2, 4});
        assertTrue(c.get(k).isEmpty(), "checksum mismatch is a miss");
        assertTrue(Files.notExists(data.getParent()), "and the entry is gone");
        c.put(k, new byte[] {1, 2, 3}, "");
        assertArrayEquals(new byte[] {1, 2, 3}, c.get(k).orElseThrow().data(), "rebuilt");
    }

    @Test
    void evictsLeastRecentlyUsedBeyondTheLimit(@TempDir Path dir) throws Exception {
        BuildCache c = new BuildCache(dir, 3000);
        for (int i = 0; i < 6; i++) {
            String k = key("e" + i);
            c.put(k, new byte[1000], "");
            // make entry i look used i minutes ago... then use e0 now: it must survive
            Files.setLastModifiedTime(dir.resolve(k.substring(0, 2)).resolve(k), FileTime.from(Instant.now().minusSeconds(600 - i * 60L)));
        }
        c.get(key("e0"));
        int removed = c.evict();
        assertTrue(removed >= 3, "removed " + removed);
        assertTrue(c.get(key("e0")).isPresent(), "recently used entry kept");
        assertTrue(c.get(key("e1")).isEmpty(), "least recently used entry evicted");
        assertTrue(c.stats().bytes() <= 3000);
    }

    @Test
    void concurrentWritersNeverTearAnEntry(@TempDir Path dir) throws Exception {
        BuildCache c = new BuildCache(dir, 1L << 30);
        byte[] payload = new byte[256 * 1024];
        new java.util.Random(1).nextBytes(payload);
        try (ExecutorService ex = Executors.newFixedThreadPool(8)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(ex.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        c.put(key("k" + (i % 5)), payload, "n");
                        c.get(key("k" + (i % 5))).ifPresent(h -> assertArrayEquals(payload, h.data()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        }
        for (int i = 0; i < 5; i++) assertArrayEquals(payload, c.get(key("k" + i)).orElseThrow().data());
        assertEquals(5, c.stats().entries());
    }

    @Test
    void clearRemovesEverything(@TempDir Path dir) {
        BuildCache c = new BuildCache(dir, 1 << 20);
        c.put(key("a"), new byte[10], "");
        c.put(key("b"), new byte[10], "");
        assertEquals(2, c.clear());
        assertEquals(0, c.stats().entries());
    }
}
