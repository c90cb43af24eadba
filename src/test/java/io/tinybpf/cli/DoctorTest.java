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
        return tinybpf(env, "doctor");
    }

    static Run tinybpf(Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.tinybpf.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
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
        assertTrue(r.out().contains("ok    Go SDK tinybpf.io/sdk at " + io.tinybpf.testing.Requires.repo().resolve("sdk")),
                "a source tree's own sdk/ is found:\n" + r.out());
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
        wrapper(bin, "go", io.tinybpf.toolchain.GoCommand.locate().orElseThrow());
        dirs.add(bin.toString());
        Run r = doctor(Map.of("PATH", String.join(":", dirs), "TINYBPF_LLVM_ROOT", bin.resolve("nowhere").toString()));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("llc           MISSING — fix: run scripts/setup llvm, or apt-get install llvm-"), r.out());
        assertTrue(r.out().contains("or pass --llc"), r.out());
    }

    @Test
    void goMissingFromPathIsFoundAndHandedToTinyGo(@TempDir Path tmp) throws Exception {
        Examples.requireToolchain();
        // TinyGo runs `go list`; a shell whose PATH lacks Go's directory (cron, sudo, CI) must still build
        Path go = io.tinybpf.toolchain.GoCommand.locate().orElseThrow().toRealPath();
        String path = java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .filter(d -> !d.isEmpty() && !Files.isExecutable(Path.of(d, "go"))).collect(java.util.stream.Collectors.joining(":"));
        Map<String, String> env = Map.of("PATH", path, "GOROOT", go.getParent().getParent().toString());
        Run d = doctor(env);
        assertTrue(d.out().contains("not on PATH; handed to TinyGo"), d.out());
        Run b = tinybpf(env, "build", "--no-cache", Examples.examplesDir().resolve("percpu-counter").toString(), "-o",
                tmp.resolve("x.o").toString());
        assertEquals(0, b.exit(), b.out());
        assertTrue(Files.size(tmp.resolve("x.o")) > 0);
    }
}
