package io.tinybpf.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input fails loudly: a diagnostic naming the stage and, for Go constructs, the Go file:line;
 * exit status 1; no stack trace; and no output file. Go cases are real programs under
 * src/test/resources/io/tinybpf/bad compiled by the real TinyGo.
 */
@Tag("tinygo")
@Tag("llvm")
class BadInputTest {
    static Path fixture(String name) {
        return Requires.repo().resolve("src/test/resources/io/tinybpf/" + name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown-helper | main.go:20:32 | unknown BPF helper bpfMapLookpElem (did you mean bpfMapLookupElem?)",
            "unknown-helper | main.go:22:30 | unknown BPF helper bpfGetCurrentPidTgidd (did you mean bpfGetCurrentPidTgid?)",
            "string-concat  | main.go:14:13 | string concatenation allocates memory whose size is known only at run time",
            "func-value     | main.go:18:19 | indirect call through a function value or interface is not supported",
            "go-map         | main.go:9:27  | a Go map needs the Go runtime",
            "float-math     | main.go:9:18  | floating-point arithmetic is not supported by BPF",
            "dynamic-make   | main.go:12:13 | make with a non-constant length",
            "sdk-printk     | main.go:12:12 | bpf.Printk(\"len %d proto %d\"): the format has 2 verbs but 1 argument follows",
            "sdk-printk     | main.go:13:12 | bpf.Printk(\"comm %d\"): %d (argument 1, [16]byte) needs an integer",
            "sdk-printk     | main.go:14:10 | log.Info(\"name %s\"): %s (argument 1, string): Go strings are not NUL-terminated",
            "sdk-printk     | main.go:15:12 | bpf.Printk(\"%.2d\"): precision (%.2) is not supported by the kernel's printf",
    })
    void goConstructsAreReportedAtTheirLine(String name, String position, String message, @TempDir Path tmp) {
        Examples.requireToolchain();
        Path out = tmp.resolve("out.o");
        CliRunner r = CliRunner.run("build", fixture("bad/" + name).toString(), "--section", "prog=socket", "-o", out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("stage \"transform\" failed"), r.err());
        assertTrue(r.err().contains(position + ": error: " + message), "expected '" + position + ": error: " + message + "' in:\n" + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack traces:\n" + r.err());
        assertFalse(Files.exists(out), "no output file after a failed build");
    }

    /** Go's type checker is the SDK's: a key of the wrong type for a map is a compile error at its line. */
    @Test
    void sdkMapKeyOfTheWrongTypeIsAGoErrorAtItsLine(@TempDir Path tmp) {
        Examples.requireToolchain();
        Path out = tmp.resolve("out.o");
        CliRunner r = CliRunner.run("build", fixture("bad/sdk-key-type").toString(), "--section", "prog=socket", "-o", out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("stage \"tinygo-compile\" failed: main.go:10:24: error: cannot use &key (value of type *uint64) as *uint32"),
                r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void interfaceMethodCallsCompileToStaticDispatch(@TempDir Path tmp) {
        Examples.requireToolchain();
        Path out = tmp.resolve("out.o");
        CliRunner r = CliRunner.run("build", fixture("good/interface-call").toString(), "--section", "prog=socket", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(out));
    }

    @Test
    void malformedIrIsRejectedByLlvmBeforeTheTransform(@TempDir Path tmp) throws Exception {
        Requires.llvmTool("opt");
        Path in = Files.writeString(tmp.resolve("bad.ll"), "this is not llvm ir\n");
        Path out = tmp.resolve("out.o");
        CliRunner r = CliRunner.run("link", "-i", in.toString(), "-o", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("stage \"input-normalization\" failed") && r.err().contains("bad.ll is not valid LLVM IR")
                && r.err().contains("bad.ll:1:1: error:"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void semanticallyInvalidIrIsRejectedByLlvm(@TempDir Path tmp) throws Exception {
        Requires.llvmTool("opt");
        Path in = Files.writeString(tmp.resolve("bad.ll"), """
                define i32 @prog(ptr %ctx) section "xdp" {
                entry:
                  ret i32 %nothing
                }
                """);
        Path out = tmp.resolve("out.o");
        CliRunner r = CliRunner.run("link", "-i", in.toString(), "-o", out.toString(), "--section", "prog=xdp");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("stage \"input-normalization\" failed") && r.err().contains("nothing"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingLlcIsADiscoveryError(@TempDir Path tmp) throws Exception {
        Path in = Files.writeString(tmp.resolve("ok.ll"), "define i32 @prog(ptr %ctx) {\n  ret i32 0\n}\n");
        Path out = tmp.resolve("out.o");
        CliRunner r = CliRunner.run("link", "-i", in.toString(), "-o", out.toString(), "--section", "prog=xdp",
                "--llc", tmp.resolve("no/such/llc").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("stage \"discover-tools\" failed") && r.err().contains("--llc") && r.err().contains("no such file"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void llcTimeoutKillsTheToolAndFails(@TempDir Path tmp) throws Exception {
        Requires.llvmTool("opt");
        Path slow = tmp.resolve("llc");
        Files.writeString(slow, "#!/bin/sh\nsleep 30\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path in = Files.writeString(tmp.resolve("ok.ll"), "define i32 @prog(ptr %ctx) {\n  ret i32 0\n}\n");
        Path out = tmp.resolve("out.o");
        long t0 = System.nanoTime();
        CliRunner r = CliRunner.run("link", "-i", in.toString(), "-o", out.toString(), "--section", "prog=xdp",
                "--llc", slow.toString(), "--timeout", "1s");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("stage \"llc\" failed") && r.err().contains("timed out after 1s"), r.err());
        assertTrue(seconds < 20, "the timeout kills the tool");
        assertFalse(Files.exists(out));
    }
}
