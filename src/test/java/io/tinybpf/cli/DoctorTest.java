package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor in a subprocess, so the test controls PATH and where LLVM is looked for. */
@Tag("tinygo")
@Tag("llvm")
class DoctorTest {
    record Run(int exit, String out) {}

    static Run doctor(Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.tinybpf.cli.Main", "doctor")
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void listsEveryToolWithItsVersion() throws Exception {
        Examples.requireToolchain();
        Run r = doctor(Map.of());
        assertEquals(0, r.exit(), r.out());
        for (String tool : List.of("tinygo", "go", "llvm-link", "opt", "llc", "llvm-ar", "llvm-objcopy")) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(tool + " ")), tool + " listed:\n" + r.out());
        }
        assertTrue(r.out().contains("LLVM version"), r.out());
        assertTrue(r.out().contains("tinygo version"), r.out());
        assertTrue(r.out().contains("can read TinyGo's LLVM"), r.out());
    }

    private static void wrapper(Path dir, String name, Path real) throws Exception {
        Path w = Files.writeString(dir.resolve(name), "#!/bin/sh\nexec " + real + " \"$@\"\n");
        Files.setPosixFilePermissions(w, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aToolMissingFromPathFailsWithTheFix(@TempDir Path bin) throws Exception {
        Examples.requireToolchain();
        // a PATH with every tool this machine has except llc, and no /usr/lib/llvm-N fallback
        List<String> dirs = new ArrayList<>();
        for (String tool : List.of("llvm-link", "opt", "llvm-ar", "llvm-objcopy")) wrapper(bin, tool, Requires.llvmTool(tool));
        wrapper(bin, "go", Requires.onPath("go").orElseThrow());
        dirs.add(bin.toString());
        Run r = doctor(Map.of("PATH", String.join(":", dirs), "TINYBPF_LLVM_ROOT", bin.resolve("nowhere").toString()));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("llc           MISSING — fix: run scripts/setup llvm, or apt-get install llvm-"), r.out());
        assertTrue(r.out().contains("or pass --llc"), r.out());
    }
}
