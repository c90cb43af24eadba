package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.toolchain.ProcessRunner;
import io.tinybpf.util.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache entries are regular files: a FIFO (which would block the read), a link to /dev/zero
 * (which would fill the heap) or a link anywhere else is a corrupt entry, removed and rebuilt;
 * and stale temporary files beside an output (a build SIGKILLed between write and rename) are
 * removed by the next write.
 */
class CacheEntryTest {
    static BuildCache cacheWith(Path dir, String key) {
        BuildCache c = new BuildCache(dir, 1 << 20);
        c.put(key, "good".getBytes(StandardCharsets.UTF_8), "");
        return c;
    }

    static Path entry(Path dir, String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key);
    }

    @Test
    void aFifoEntryIsAMissNotAHang(@TempDir Path dir) throws Exception {
        String key = BuildCacheTest.key("fifo");
        BuildCache c = cacheWith(dir, key);
        Path data = entry(dir, key).resolve("data");
        Files.delete(data);
        var r = ProcessRunner.run(List.of("mkfifo", data.toString()), null, ProcessRunner.baseEnvironment(), Duration.ofSeconds(10));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertTrue(c.get(key).isEmpty()));
        assertFalse(Files.exists(entry(dir, key)), "the entry is removed");
    }

    @Test
    void aLinkToDevZeroOrElsewhereIsAMiss(@TempDir Path dir) throws Exception {
        String key = BuildCacheTest.key("zero");
        BuildCache c = cacheWith(dir, key);
        Path data = entry(dir, key).resolve("data");
        Files.delete(data);
        Files.createSymbolicLink(data, Path.of("/dev/zero"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertTrue(c.get(key).isEmpty()));
        // an entry directory that is itself a link (to a directory holding a valid entry) is removed, its target kept
        String k2 = BuildCacheTest.key("dirlink");
        Path real = dir.resolve("elsewhere");
        BuildCache other = cacheWith(real, k2);
        assertTrue(other.get(k2).isPresent());
        Files.createDirectories(entry(dir, k2).getParent());
        Files.createSymbolicLink(entry(dir, k2), entry(real, k2));
        assertTrue(c.get(k2).isEmpty());
        assertFalse(Files.exists(entry(dir, k2), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(other.get(k2).isPresent(), "what the link pointed to is untouched");
        // and after removal the entry is rebuilt normally
        c.put(key, "good".getBytes(StandardCharsets.UTF_8), "");
        assertArrayEquals("good".getBytes(StandardCharsets.UTF_8), c.get(key).orElseThrow().data());
    }

    @Test
    void staleTemporaryFilesBesideAnOutputGoWithTheNextWrite(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("prog.o");
        Path dead = Files.writeString(dir.resolve(".prog.o.4194305.123.tmp"), "partial"); // above any pid_max: no such process
        Path old = Files.writeString(dir.resolve(".prog.o.8147193482913873.tmp"), "partial"); // the old naming, no pid
        Path live = Files.writeString(dir.resolve(".prog.o.1.77.tmp"), "init is alive");   // pid 1 always runs
        Path otherName = Files.writeString(dir.resolve(".other.o.4194305.1.tmp"), "not ours");
        AtomicFiles.write(out, "obj".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(live), "a live writer's file is left alone");
        assertTrue(Files.exists(otherName), "files of other outputs are left alone");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(3, s.count(), "prog.o, the live file and the other output's file");
        }
    }
}
