package io.tinybpf.codegen;

import static io.tinybpf.codegen.GenerateTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.testing.Requires;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tinybpf generate} on bad input: exit 1 (2 for usage) with a message naming the problem, and no output file. */
class GenerateCliTest {
    @TempDir
    Path dir;

    @Test
    void missingAndCorruptObjectsAreErrors() throws Exception {
        String out = cli(1, "generate", dir.resolve("nope.bpf.o").toString(), "-o", dir.resolve("x.go").toString());
        assertTrue(out.contains("nope.bpf.o: no such file"), out);

        Path junk = Files.write(dir.resolve("junk.bpf.o"), "not an ELF file at all".getBytes());
        out = cli(1, "generate", junk.toString(), "-o", dir.resolve("x.go").toString());
        assertTrue(out.startsWith("error: ") && out.contains("junk.bpf.o"), out);

        Path truncated = Files.write(dir.resolve("trunc.bpf.o"), java.util.Arrays.copyOf(Files.readAllBytes(Path.of("/bin/true")), 100));
        out = cli(1, "generate", truncated.toString(), "-o", dir.resolve("x.go").toString());
        assertTrue(out.contains("trunc.bpf.o"), out);
        assertFalse(Files.exists(dir.resolve("x.go")), "no output on failure");
    }

    @Test
    void aHostBinaryIsNotABpfObject() {
        Requires.that(Files.exists(Path.of("/bin/true")), "/bin/true");
        String out = cli(1, "generate", "/bin/true", "-o", dir.resolve("x.go").toString());
        assertTrue(out.contains("is not a BPF object"), out);
    }

    @Test
    void usageErrors() {
        assertTrue(cli(2, "generate").contains("exactly one object argument"));
        assertTrue(cli(2, "generate", "a.o", "--embed", "--no-embed").contains("exclude each other"));
        assertTrue(cli(2, "generate", "/bin/true", "-o", dir.resolve("x.txt").toString()).contains(".go file"));
        assertTrue(cli(2, "generate", "/bin/true", "-o", "-", "--embed").contains("stdout"));
        assertTrue(cli(2, "generate", "/bin/true", "-o", dir.resolve("x.go").toString(), "--package", "func").contains("package name"));
        assertTrue(cli(0, "help").contains("generate [--lang go|java] [flags] <object>"));
    }

    /** Objects clang builds for the purpose. */
    @Tag("llvm")
    @Test
    void refusedObjectsNameTheProblem() throws Exception {
        Path none = compile("none", "-DNO_PROGRAMS");
        String out = cli(1, "generate", none.toString(), "-o", dir.resolve("a.go").toString());
        assertTrue(out.contains("has no programs"), out);

        Path collide = compile("collide", "-DCOLLIDE");
        out = cli(1, "generate", collide.toString(), "-o", dir.resolve("a.go").toString());
        assertTrue(out.contains("'foo_bar'") && out.contains("'fooBar'") && out.contains("both map to the Go name CollideFooBar"), out);

        Path close = compile("close", "-DCLOSE_PROG");
        out = cli(1, "generate", close.toString(), "-o", dir.resolve("a.go").toString());
        assertTrue(out.contains("program Close would be the Go field Close"), out);
        assertFalse(Files.exists(dir.resolve("a.go")));
    }

    @Tag("llvm")
    @Test
    void packageAndEmbeddingDefaults() throws Exception {
        Path obj = compile("good");
        // beside Go files of package foo: package foo; the object outside the directory: loaded from a path
        Path pkg = Files.createDirectories(dir.resolve("some-dir"));
        Files.writeString(pkg.resolve("other.go"), "// doc\npackage foo\n");
        String out = cli(0, "generate", obj.toString(), "-o", pkg.resolve("good_bpf.go").toString());
        assertTrue(out.contains("takes the object's path"), out);
        String gen = Files.readString(pkg.resolve("good_bpf.go"));
        assertTrue(gen.contains("\npackage foo\n") && gen.contains("func LoadGood(path string)"), gen);
        // an empty directory: its name; the object below it: embedded in place
        Path empty = Files.createDirectories(dir.resolve("my-pkg"));
        Path inside = Files.copy(obj, Files.createDirectories(empty.resolve("obj")).resolve("good.bpf.o"));
        cli(0, "generate", inside.toString(), "-o", empty.resolve("x_bpf.go").toString(), "--name", "thing");
        gen = Files.readString(empty.resolve("x_bpf.go"));
        assertTrue(gen.contains("\npackage mypkg\n") && gen.contains("//go:embed obj/good.bpf.o\n") && gen.contains("func LoadThing()"), gen);
        // stdout: package main unless told
        out = cli(0, "generate", obj.toString(), "-o", "-");
        assertTrue(out.contains("\npackage main\n") && out.contains("GoodMapCounts   = \"counts\""), out);
    }

    Path compile(String name, String... defines) throws Exception {
        Path src = dir.resolve("errors.bpf.c");
        if (!Files.exists(src)) {
            try (InputStream in = getClass().getResourceAsStream("errors.bpf.c")) {
                Files.write(src, in.readAllBytes());
            }
        }
        Path obj = dir.resolve(name + ".bpf.o");
        return Requires.compileBpf(src, obj, defines);
    }
}
