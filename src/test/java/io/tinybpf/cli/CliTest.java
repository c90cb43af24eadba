package io.tinybpf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line contract: exit codes, help routing, flag syntax. Needs no tools. */
class CliTest {
    @Test
    void noArgumentsIsAUsageError() {
        CliRunner r = CliRunner.run();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Usage:"));
        assertTrue(r.out().isEmpty());
    }

    @Test
    void helpGoesToStdout() {
        for (String h : new String[] {"help", "--help", "-h"}) {
            CliRunner r = CliRunner.run(h);
            assertEquals(0, r.exit(), h);
            assertTrue(r.out().contains("tinybpf build [flags] <package>"), r.out());
        }
    }

    @Test
    void unknownCommand() {
        CliRunner r = CliRunner.run("frobnicate");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown command: frobnicate"));
    }

    @Test
    void version() {
        for (String v : new String[] {"version", "--version"}) {
            CliRunner r = CliRunner.run(v);
            assertEquals(0, r.exit());
            assertTrue(r.out().matches("tinybpf \\S+ \\(build [0-9a-f]{16}\\)\\R"), r.out());
        }
    }

    @Test
    void commandHelpExitsZero() {
        CliRunner r = CliRunner.run("build", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--section"), r.out());
        assertTrue(r.out().contains("--opt-profile"), r.out());
    }

    @Test
    void buildNeedsExactlyOnePackage() {
        assertEquals(2, CliRunner.run("build").exit());
        CliRunner r = CliRunner.run("build", "a", "b");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("exactly one package argument"), r.err());
    }

    @Test
    void unknownFlagIsAUsageError() {
        CliRunner r = CliRunner.run("build", "--no-such-flag", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("error:"), r.err());
    }

    @Test
    void malformedSectionIsAUsageError(@TempDir Path dir) {
        CliRunner r = CliRunner.run("build", dir.toString(), "--section", "justname");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("expected <function>=<section>"), r.err());
        assertEquals(2, CliRunner.run("build", dir.toString(), "--section", "=xdp").exit());
        assertEquals(2, CliRunner.run("build", dir.toString(), "--program", "").exit());
    }

    @Test
    void badTimeoutIsAUsageError(@TempDir Path dir) {
        CliRunner r = CliRunner.run("build", dir.toString(), "--timeout", "soon");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("invalid duration"), r.err());
    }

    @Test
    void flagsMayFollowThePackage(@TempDir Path dir) {
        // parsing succeeds (the failure comes later, from the empty package): not a usage error
        CliRunner r = CliRunner.run("build", dir.resolve("missing").toString(), "-v", "--cpu", "v2");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("stage \"input-normalization\""), r.err());
    }

    @Test
    void unknownProfileIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.ll"), "define i32 @f() {\n  ret i32 0\n}\n");
        CliRunner r = CliRunner.run("link", "-i", dir.resolve("x.ll").toString(), "--opt-profile", "turbo");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown --opt-profile \"turbo\""), r.err());
        assertTrue(r.err().contains("verifier-safe"), r.err());
    }

    @Test
    void linkNeedsInputs() {
        CliRunner r = CliRunner.run("link");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("at least one --input"));
    }

    @Test
    void unsupportedInputExtension(@TempDir Path dir) throws Exception {
        Path p = Files.writeString(dir.resolve("x.txt"), "hi");
        CliRunner r = CliRunner.run("link", "-i", p.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unsupported input format"), r.err());
    }

    @Test
    void configErrorsNameFileAndKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tinybpf.json"), "{\"build\": {\"outptu\": \"x.o\"}}");
        CliRunner r = CliRunner.run("build", dir.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown key \"build.outptu\""), r.err());
        Files.writeString(dir.resolve("tinybpf.json"), "{\"build\": {\"cache\": \"yes\"}}");
        assertTrue(CliRunner.run("build", dir.toString()).err().contains("build.cache must be true or false"));
        Files.writeString(dir.resolve("tinybpf.json"), "{\"build\": {\"verify_kernel\": 1}}");
        assertTrue(CliRunner.run("build", dir.toString()).err().contains("build.verify_kernel must be true or false"));
        Files.writeString(dir.resolve("tinybpf.json"), "{\"build\": ");
        assertTrue(CliRunner.run("build", dir.toString()).err().contains("invalid JSON"));
        assertFalse(CliRunner.run("build", dir.toString()).err().contains("Exception"));
    }
}
