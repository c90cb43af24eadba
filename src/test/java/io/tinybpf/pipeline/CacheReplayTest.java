package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache hit reports the warnings of the build that filled the entry at the files of the module
 * being built: the same module copied elsewhere (the first copy deleted) names its own files.
 */
@Tag("tinygo")
@Tag("llvm")
class CacheReplayTest {
    static void write(Path f, String s) throws Exception {
        Files.createDirectories(f.getParent());
        Files.writeString(f, s);
    }

    /** A module whose program calls into another package of it, where a panic path is left. */
    static void module(Path root) throws Exception {
        write(root.resolve("go.mod"), "module example.com/replay\n\ngo 1.22\n");
        write(root.resolve("lib/lib.go"), """
                package lib

                func Check(x uint32) uint32 {
                \tif x == 0 {
                \t\tpanic("zero")
                \t}
                \treturn x
                }
                """);
        write(root.resolve("bpf/main.go"), """
                //go:build tinygo

                package main

                import "example.com/replay/lib"

                type args struct{ X uint32 }

                //export prog
                func prog(ctx *args) int32 {
                \treturn int32(lib.Check(ctx.X))
                }

                func main() {}
                """);
        write(root.resolve("bpf/stub.go"), "//go:build !tinygo\n\npackage main\n");
    }

    static java.util.List<String> warningFiles(Path pkg, Path out, Path cache, java.io.ByteArrayOutputStream log) throws Exception {
        BuildRequest req = BuildRequest.builder().packageDir(pkg).output(out).section("prog", "syscall").cache(true).cacheDir(cache)
                .verbose(true).out(new java.io.PrintStream(log, true)).build();
        io.tinybpf.diag.Reporter reporter = new io.tinybpf.diag.Reporter();
        Pipeline.run(req, reporter);
        return reporter.diagnostics().stream().filter(d -> d.pos() != null).map(d -> d.pos().file()).toList();
    }

    @Test
    void warningsFromTheCacheNameTheFilesOfTheModuleBeingBuilt(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path cache = tmp.resolve("cache"), a = tmp.resolve("A"), b = tmp.resolve("B");
        module(a);
        var firstLog = new java.io.ByteArrayOutputStream();
        assertEquals(java.util.List.of(a.resolve("lib/lib.go").toString()), warningFiles(a.resolve("bpf"), tmp.resolve("a.o"), cache, firstLog),
                "the first build warns at lib.go");
        module(b);
        io.tinybpf.util.AtomicFiles.deleteTree(a);
        var hitLog = new java.io.ByteArrayOutputStream();
        java.util.List<String> replayed = warningFiles(b.resolve("bpf"), tmp.resolve("b.o"), cache, hitLog);
        assertTrue(hitLog.toString().contains("[cache] hit: object"), "served from the cache:\n" + hitLog);
        assertEquals(java.util.List.of(b.resolve("lib/lib.go").toString()), replayed, "the replayed warning names B's file");
    }
}
