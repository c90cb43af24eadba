package io.tinybpf.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import io.tinybpf.testing.Scripts;
import io.tinybpf.toolchain.ProcessRunner;
import io.tinybpf.toolchain.Tool;
import io.tinybpf.toolchain.ToolLocator;
import io.tinybpf.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relative tool paths name a file in the directory tinybpf was started in, never one in the
 * package directory the tools run in; relative PATH entries ({@code .}, empty) are not searched
 * and not passed on.
 */
class ToolPathTest {
    /** A relative directory under the repository (the test JVM's working directory). */
    static Path relativeScratch() throws Exception {
        Path rel = Path.of("target", "tool-path-" + UUID.randomUUID());
        Files.createDirectories(rel);
        return rel;
    }

    @Test
    void relativePathEntriesAreNotSearched() throws Exception {
        Path rel = relativeScratch();
        try {
            Scripts.executable(rel.resolve("llc"), "exit 0");
            Map<String, String> env = Map.of("PATH", rel + "::.", "TINYBPF_LLVM_ROOT", "/nonexistent");
            assertTrue(new ToolLocator(Map.of(), env).llvmTool(Tool.LLC, 0, 0).isEmpty(), "a relative PATH entry was searched");
            Map<String, String> abs = Map.of("PATH", rel.toAbsolutePath().toString(), "TINYBPF_LLVM_ROOT", "/nonexistent");
            assertEquals(rel.toAbsolutePath().resolve("llc"), new ToolLocator(Map.of(), abs).llvmTool(Tool.LLC, 0, 0).orElseThrow().path());
            assertEquals("/usr/bin:/bin", ProcessRunner.absolutePath(".::/usr/bin:bin:/bin:"));
        } finally {
            AtomicFiles.deleteTree(rel);
        }
    }

    @Test
    void aRelativeOverrideIsResolvedAgainstTheInvokingDirectory() throws Exception {
        Path rel = relativeScratch();
        try {
            Scripts.executable(rel.resolve("llc"), "exit 0");
            var l = new ToolLocator(Map.of(Tool.LLC, rel.resolve("llc").toString()), Map.of("PATH", "")).llvmTool(Tool.LLC, 0, 0).orElseThrow();
            assertTrue(l.path().isAbsolute(), l.path().toString());
            assertEquals(rel.toAbsolutePath().resolve("llc"), l.path());
        } finally {
            AtomicFiles.deleteTree(rel);
        }
    }

    /** The attack: a package ships its own file at the relative path the user gave for llc. */
    @Test
    @Tag("tinygo")
    @Tag("llvm")
    void aPackageCannotSupplyTheToolARelativePathNames(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        Path rel = relativeScratch();
        try {
            Path good = tmp.resolve("good-llc-ran");
            Path evil = tmp.resolve("package-llc-ran");
            Scripts.executable(rel.resolve("llc"), "touch " + good + "\nexec " + Requires.llvmTool("llc") + " \"$@\"");
            Path pkg = tmp.resolve("pkg");
            Path src = Requires.repo().resolve("src/test/resources/io/tinybpf/good/interface-call");
            Files.createDirectories(pkg);
            for (String f : new String[] {"go.mod", "main.go", "stub.go"}) Files.copy(src.resolve(f), pkg.resolve(f));
            Scripts.executable(pkg.resolve(rel).resolve("llc"), "touch " + evil + "\nexit 1");
            CliRunner r = CliRunner.run("build", pkg.toString(), "--section", "prog=socket", "-o", tmp.resolve("out.o").toString(),
                    "--no-cache", "--llc", rel.resolve("llc").toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.exists(good), "the llc the user named ran");
            assertFalse(Files.exists(evil), "the package's file did not run");
        } finally {
            AtomicFiles.deleteTree(rel);
        }
    }
}
