package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tinybpf.TinyBpf;
import io.tinybpf.pipeline.BuildRequest;
import io.tinybpf.testing.Examples;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that determines the object is in the source key: local replace targets and go.work members too. */
class SourceHashTest {
    static Path write(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void replaceTargetsAndWorkspaceMembersAreSourceDirectories(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("ws/prog");
        write(m.resolve("go.mod"), """
                module example.com/prog // the program

                go 1.22

                require example.com/lib v0.0.0
                replace example.com/lib => ../lib
                replace (
                	example.com/other v1.2.3 => "../other" // quoted
                	example.com/remote => example.com/fork v1.0.0
                	example.com/abs=>/opt/abs-lib
                )
                """);
        write(m.resolve("main.go"), "package main\n");
        assertEquals(List.of(tmp.resolve("ws/lib"), tmp.resolve("ws/other"), Path.of("/opt/abs-lib"), m).stream().sorted().toList(),
                SourceHash.sourceDirs(m));
        // a go.work above it adds its members and their replace targets
        write(tmp.resolve("ws/go.work"), "go 1.22\n\nuse (\n\t./prog\n\t./tool\n)\n\nreplace example.com/x => ./x\n");
        write(tmp.resolve("ws/tool/go.mod"), "module example.com/tool\n\ngo 1.22\n\nreplace example.com/y => ../y\n");
        assertEquals(List.of(tmp.resolve("ws/lib"), tmp.resolve("ws/other"), Path.of("/opt/abs-lib"), m, tmp.resolve("ws/tool"),
                tmp.resolve("ws/x"), tmp.resolve("ws/y")).stream().sorted().toList(), SourceHash.sourceDirs(m));
    }

    @Test
    void editingAReplacedModuleOutsideTheModuleChangesTheKey(@TempDir Path tmp) throws Exception {
        Path m = tmp.resolve("prog");
        write(m.resolve("go.mod"), "module example.com/prog\n\ngo 1.22\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n");
        write(m.resolve("main.go"), "package main\n");
        Path lib = write(tmp.resolve("lib/lib.go"), "package lib\n\nconst Value = 1\n");
        write(tmp.resolve("lib/go.mod"), "module example.com/lib\n\ngo 1.22\n");
        String before = SourceHash.module(m);
        Files.writeString(lib, "package lib\n\nconst Value = 2\n");
        String after = SourceHash.module(m);
        assertNotEquals(before, after);
        // a file of the replaced module that Go does not compile (a test) leaves it alone
        write(tmp.resolve("lib/lib_test.go"), "package lib\n");
        assertEquals(after, SourceHash.module(m));
        // and a missing target is a (different) key, not an error
        Files.writeString(m.resolve("go.mod"), "module example.com/prog\n\ngo 1.22\n\nreplace example.com/lib => ../nowhere\n");
        assertFalse(SourceHash.module(m).equals(after));
    }

    /** The reproduction: a stale object was served after editing ../lib; now the build sees the edit. */
    @Test
    @Tag("tinygo")
    @Tag("llvm")
    void aBuildSeesAnEditOfAReplacedModule(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path m = tmp.resolve("prog");
        write(m.resolve("go.mod"), "module example.com/prog\n\ngo 1.22\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n");
        write(m.resolve("stub.go"), "//go:build !tinygo\n\npackage main\n\nfunc main() {}\n");
        write(m.resolve("main.go"), """
                //go:build tinygo

                package main

                import (
                	"unsafe"

                	"example.com/lib"
                )

                //export prog
                func prog(ctx unsafe.Pointer) int32 {
                	return lib.Value
                }

                func main() {}
                """);
        write(tmp.resolve("lib/go.mod"), "module example.com/lib\n\ngo 1.22\n");
        Path lib = write(tmp.resolve("lib/lib.go"), "package lib\n\nconst Value = 1\n");
        Path out = tmp.resolve("prog.o");
        BuildRequest.Builder b = BuildRequest.builder().packageDir(m).section("prog", "socket").output(out).cache(true)
                .cacheDir(tmp.resolve("cache")).out(new PrintStream(java.io.OutputStream.nullOutputStream()));
        TinyBpf.build(b.build());
        byte[] one = Files.readAllBytes(out);
        Files.writeString(lib, "package lib\n\nconst Value = 2\n");
        TinyBpf.build(b.build());
        byte[] two = Files.readAllBytes(out);
        assertFalse(Arrays.equals(one, two), "the edit of ../lib is in the object");
        TinyBpf.build(b.cache(false).build());
        assertEquals(Arrays.toString(two), Arrays.toString(Files.readAllBytes(out)), "the cached build equals a --no-cache build");
    }
}
