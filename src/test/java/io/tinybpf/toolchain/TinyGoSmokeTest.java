package io.tinybpf.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed TinyGo compiles a one-file package with tinybpf's flags, and LLVM's opt accepts the IR. */
@Tag("tinygo")
@Tag("llvm")
class TinyGoSmokeTest {
    @Test
    void tinygoIrIsAcceptedByOpt(@TempDir Path dir) throws Exception {
        Examples.requireToolchain();
        Path tinygo = new ToolLocator(Map.of()).tinygo().orElseThrow().path();
        Files.writeString(dir.resolve("go.mod"), "module smoke\n\ngo 1.22\n");
        Files.writeString(dir.resolve("main.go"), """
                package main

                import "unsafe"

                //export prog
                func prog(ctx unsafe.Pointer) int32 {
                	return int32(uintptr(ctx) & 1)
                }

                func main() {}
                """);
        Path target = dir.resolve("target.json");
        try (var in = getClass().getResourceAsStream("/io/tinybpf/toolchain/tinygo-target.json")) {
            Files.write(target, in.readAllBytes());
        }
        ProcessRunner.Result r = ProcessRunner.run(List.of(tinygo.toString(), "build", "-target=" + target, "-gc=none",
                "-scheduler=none", "-panic=trap", "-opt=1", "-o", "x.ll", "."), dir, ProcessRunner.goEnvironment(), Duration.ofMinutes(5));
        assertEquals(0, r.exitCode(), r.stderr());
        String ir = Files.readString(dir.resolve("x.ll"));
        assertTrue(ir.contains("define") && ir.contains("@prog("), "the exported function is in the IR");
        Path opt = Requires.llvmTool("opt");
        ProcessRunner.Result v = ProcessRunner.run(List.of(opt.toString(), "-passes=verify", "-disable-output", dir.resolve("x.ll").toString()),
                null, ProcessRunner.baseEnvironment(), Duration.ofMinutes(1));
        assertEquals(0, v.exitCode(), "opt rejects TinyGo's IR: " + v.stderr());
    }
}
