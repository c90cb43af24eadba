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
 * A cache hit reports the warnings of the build that filled the entry as a build of the module
 * being built would: the same module copied elsewhere (the first copy deleted) hears about its own
 * files, never the first copy's (NotesTest has the cases of where a position can point).
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

    static java.util.List<String> warnings(Path pkg, Path out, Path cache, boolean useCache, java.io.ByteArrayOutputStream log) throws Exception {
        BuildRequest req = BuildRequest.builder().packageDir(pkg).output(out).section("prog", "syscall").cache(useCache).cacheDir(cache)
                .verbose(true).out(new java.io.PrintStream(log, true)).build();
        io.tinybpf.diag.Reporter reporter = new io.tinybpf.diag.Reporter();
        Pipeline.run(req, reporter);
        return reporter.diagnostics().stream().map(d -> d.pos() + ": " + d.message()).toList();
    }

    @Test
    void aCacheHitInACopyOfTheModuleReportsWhatABuildThereWould(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path cache = tmp.resolve("cache"), a = tmp.resolve("A"), b = tmp.resolve("B");
        module(a);
        java.util.List<String> first = warnings(a.resolve("bpf"), tmp.resolve("a.o"), cache, true, new java.io.ByteArrayOutputStream());
        assertTrue(first.stream().anyMatch(w -> w.contains("lib.go:5:") && w.contains("reachable panic path")), "the first build warns: " + first);
        module(b);
        io.tinybpf.util.AtomicFiles.deleteTree(a);
        var hitLog = new java.io.ByteArrayOutputStream();
        java.util.List<String> replayed = warnings(b.resolve("bpf"), tmp.resolve("b.o"), cache, true, hitLog);
        assertTrue(hitLog.toString().contains("[cache] hit: object"), "served from the cache:\n" + hitLog);
        java.util.List<String> fresh = warnings(b.resolve("bpf"), tmp.resolve("c.o"), cache, false, new java.io.ByteArrayOutputStream());
        assertEquals(fresh, replayed, "the replayed warnings are those a build of B gives");
        assertTrue(replayed.stream().noneMatch(w -> w.contains(a.toString())), "no path of the deleted first copy: " + replayed);
    }
}
