package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build cache under real concurrent builds (separate JVMs, one shared cache directory). */
@Tag("tinygo")
@Tag("llvm")
class CacheConcurrencyTest {
    record Run(int exit, String out) {}

    static Process start(Path cache, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.tinybpf.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TINYBPF_CACHE_DIR", cache.toString());
        return pb.start();
    }

    static Run finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out);
    }

    @Test
    void eightConcurrentBuildsShareOneCache(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path cache = tmp.resolve("cache");
        Path pkg = Examples.examplesDir().resolve("xdp-blocklist");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 8; i++) ps.add(start(cache, "build", pkg.toString(), "-o", tmp.resolve("out" + i + ".o").toString()));
        List<byte[]> objects = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Run r = finish(ps.get(i));
            assertEquals(0, r.exit(), "build " + i + ":\n" + r.out());
            assertFalse(r.out().toLowerCase().contains("error") || r.out().toLowerCase().contains("warning"), r.out());
            objects.add(Files.readAllBytes(tmp.resolve("out" + i + ".o")));
        }
        for (byte[] o : objects) assertArrayEquals(objects.getFirst(), o, "concurrent builds produce identical objects");
        // no torn or corrupt entries: every entry passes its checksum, no temporary directories remain
        BuildCache c = new BuildCache(cache.resolve(BuildCache.FORMAT), BuildCache.DEFAULT_LIMIT);
        try (Stream<Path> shards = Files.list(cache.resolve(BuildCache.FORMAT))) {
            for (Path shard : shards.filter(Files::isDirectory).toList()) {
                try (Stream<Path> es = Files.list(shard)) {
                    for (Path e : es.toList()) {
                        assertFalse(e.getFileName().toString().startsWith(".tmp-"), "leftover " + e);
                        assertTrue(c.get(e.getFileName().toString()).isPresent(), "entry " + e + " verifies");
                    }
                }
            }
        }
        // and a rebuild now is a whole-object hit: TinyGo and LLVM do not run
        Run warm = finish(start(cache, "build", pkg.toString(), "-o", tmp.resolve("warm.o").toString(), "-v"));
        assertEquals(0, warm.exit(), warm.out());
        assertTrue(warm.out().contains("[cache] hit: object"), warm.out());
        assertFalse(warm.out().contains("[tinygo-compile]") || warm.out().contains("[llc]"), warm.out());
        assertArrayEquals(objects.getFirst(), Files.readAllBytes(tmp.resolve("warm.o")));
        // a cache hit writes an ordinary output file, not one with the cache's private mode
        assertEquals(Files.getPosixFilePermissions(tmp.resolve("out0.o")), Files.getPosixFilePermissions(tmp.resolve("warm.o")));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("warm.o"))));
    }

    @Test
    void aChangedSourceMissesAndACorruptEntryIsRebuilt(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path cache = tmp.resolve("cache");
        Path pkg = tmp.resolve("pkg");
        Files.createDirectories(pkg);
        try (Stream<Path> s = Files.list(Examples.examplesDir().resolve("percpu-counter"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) Files.copy(p, pkg.resolve(p.getFileName()));
        }
        Run first = finish(start(cache, "build", pkg.toString(), "-o", tmp.resolve("a.o").toString()));
        assertEquals(0, first.exit(), first.out());
        // corrupt every entry's data: the next build must detect it and rebuild, not fail or reuse
        try (Stream<Path> s = Files.walk(cache)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("data")).toList()) Files.write(p, new byte[] {0});
        }
        Run second = finish(start(cache, "build", pkg.toString(), "-o", tmp.resolve("b.o").toString(), "-v"));
        assertEquals(0, second.exit(), second.out());
        assertTrue(second.out().contains("[tinygo-compile]"), "corrupt entries are misses:\n" + second.out());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.o")), Files.readAllBytes(tmp.resolve("b.o")));
        // a source change is a miss too
        Path src = pkg.resolve("counter.go");
        Files.writeString(src, Files.readString(src).replace("*v++", "*v += 2"));
        Run third = finish(start(cache, "build", pkg.toString(), "-o", tmp.resolve("c.o").toString(), "-v"));
        assertEquals(0, third.exit(), third.out());
        assertFalse(third.out().contains("[cache] hit: object"), third.out());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a.o")), Files.readAllBytes(tmp.resolve("c.o"))));
    }

    @Test
    void twoPackagesOfOneModuleDoNotShareCacheEntries(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        // one module, two BPF packages: they share every source file of the module, not the package built
        Path mod = tmp.resolve("mod");
        Files.createDirectories(mod);
        Files.writeString(mod.resolve("go.mod"), "module example.com/two\n\ngo 1.22\n");
        for (String p : List.of("a", "b")) {
            Files.createDirectories(mod.resolve(p));
            try (Stream<Path> s = Files.list(Examples.examplesDir().resolve("percpu-counter"))) {
                for (Path f : s.filter(f -> f.toString().endsWith(".go") || f.endsWith("tinybpf.json")).toList()) {
                    String text = Files.readString(f);
                    Files.writeString(mod.resolve(p).resolve(f.getFileName()), p.equals("b") ? text.replace("*v++", "*v += 2") : text);
                }
            }
        }
        Path cache = tmp.resolve("cache");
        Run a = finish(start(cache, "build", mod.resolve("a").toString(), "-o", tmp.resolve("a.o").toString()));
        assertEquals(0, a.exit(), a.out());
        Run b = finish(start(cache, "build", mod.resolve("b").toString(), "-o", tmp.resolve("b.o").toString(), "-v"));
        assertEquals(0, b.exit(), b.out());
        assertFalse(b.out().contains("[cache] hit"), "package b must not reuse package a's entries:\n" + b.out());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a.o")), Files.readAllBytes(tmp.resolve("b.o"))));
    }
}
