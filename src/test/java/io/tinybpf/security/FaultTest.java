package io.tinybpf.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.testing.Requires;
import io.tinybpf.testing.Scripts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interrupted and misbehaving tools: Ctrl-C, SIGTERM and a timeout end the build with no tool
 * process (nor any child it started) left running and no work or temporary directory left; a
 * hanging {@code tinygo version} obeys --timeout; a tool flooding stderr is cut off.
 */
@Tag("llvm")
class FaultTest {
    /** A fake tinygo: answers `version`, else starts two children (one inside a background subshell), makes a temp dir like TinyGo and hangs. */
    static Path hangingTinygo(Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        Path started = dir.resolve("started");
        return Scripts.executable(dir.resolve("tinygo"), """
                #!/bin/sh
                if [ "$1" = version ]; then echo 'tinygo version 0.42.0 linux/amd64 (using go version go1.26 and LLVM version 22.1.0)'; exit 0; fi
                echo $$ >> PIDS
                ( sleep 300 & echo $! >> PIDS; wait ) &
                sleep 300 &
                echo $! >> PIDS
                mkdir -p "$TMPDIR/tinygo123"
                touch STARTED
                wait
                """.replace("PIDS", pids.toString()).replace("STARTED", started.toString()));
    }

    static Path pkg(Path tmp) throws Exception {
        Path p = Files.createDirectories(tmp.resolve("pkg"));
        Files.writeString(p.resolve("go.mod"), "module example.com/p\n\ngo 1.22\n");
        Files.writeString(p.resolve("main.go"), "package main\n\nfunc main() {}\n");
        return p;
    }

    static Process start(Path tmpdir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.tinybpf.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmpdir.resolveSibling("cli-output.txt").toFile());
        pb.environment().put("TMPDIR", tmpdir.toString());
        return pb.start();
    }

    static void awaitFile(Path f, Process p) throws Exception {
        for (int i = 0; i < 600 && !Files.exists(f); i++) {
            if (!p.isAlive()) fail("tinybpf ended before the tool started: " + Files.readString(f.resolveSibling("cli-output.txt")));
            Thread.sleep(100);
        }
        assertTrue(Files.exists(f), "the tool started");
    }

    static void assertNothingLeft(Path dir, Path tmpdir) throws Exception {
        List<Long> pids = Files.readAllLines(dir.resolve("pids")).stream().map(String::strip).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        assertEquals(3, pids.size(), "the tool and its two children were recorded");
        for (int i = 0; i < 50 && pids.stream().anyMatch(FaultTest::alive); i++) Thread.sleep(100);
        for (long pid : pids) assertFalse(alive(pid), "process " + pid + " of the tool survived");
        try (Stream<Path> s = Files.list(tmpdir)) {
            assertEquals(List.of(), s.toList(), "nothing left in TMPDIR (work directory, TinyGo's temporary directories)");
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalEndsTheBuildWithNothingLeftBehind(String signal, @TempDir Path tmp) throws Exception {
        Requires.llvmTool("llc");
        Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir"));
        Path out = tmp.resolve("out.o");
        Process p = start(tmpdir, "build", pkg(tmp).toString(), "--tinygo", hangingTinygo(tmp).toString(), "--no-cache", "-o", out.toString());
        awaitFile(tmp.resolve("started"), p);
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tinybpf ended on SIG" + signal);
        assertTrue(p.exitValue() != 0, "a non-zero exit status, not " + p.exitValue());
        assertNothingLeft(tmp, tmpdir);
        assertFalse(Files.exists(out));
    }

    @Test
    void aTimeoutKillsTheToolAndItsChildren(@TempDir Path tmp) throws Exception {
        Requires.llvmTool("llc");
        Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir"));
        Path out = tmp.resolve("out.o");
        Process p = start(tmpdir, "build", pkg(tmp).toString(), "--tinygo", hangingTinygo(tmp).toString(), "--no-cache", "-o", out.toString(),
                "--timeout", "2s");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(tmp.resolve("cli-output.txt"), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.startsWith("stage \"tinygo-compile\" failed") && output.contains("timed out after 2s"), output);
        assertNothingLeft(tmp, tmpdir);
    }

    @Test
    void aHangingVersionProbeObeysTheTimeout(@TempDir Path tmp) throws Exception {
        Requires.llvmTool("llc");
        Path t = Scripts.executable(tmp.resolve("tinygo"), "sleep 60");
        long t0 = System.nanoTime();
        CliRunner r = CliRunner.run("build", pkg(tmp).toString(), "--tinygo", t.toString(), "--timeout", "1s", "-o", tmp.resolve("o.o").toString());
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("stage \"discover-tools\" failed") && r.err().contains("no answer within 1s"), r.err());
        assertTrue(s < 15, "took " + s + " s");
    }

    @Test
    void aToolFloodingStderrIsCutOff(@TempDir Path tmp) throws Exception {
        Requires.llvmTool("opt");
        Path llc = Scripts.executable(tmp.resolve("llc"), "head -c 300000000 /dev/zero >&2\nexit 1");
        Path in = Files.writeString(tmp.resolve("ok.ll"), TrustTest.OK_IR);
        CliRunner r = CliRunner.run("link", "-i", in.toString(), "--section", "prog=xdp", "-o", tmp.resolve("o.o").toString(), "--no-cache",
                "--llc", llc.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("stage \"llc\" failed"), r.err().substring(0, Math.min(500, r.err().length())));
        assertTrue(r.err().length() < 10_000, "the report is " + r.err().length() + " characters");
        assertTrue(r.err().contains("\\x00\\x00") && r.err().contains("more bytes of stderr dropped"), r.err());
        assertFalse(r.err().contains("\0"), "no raw NUL bytes reach the terminal");
    }

    @Test
    void aToolThatWritesNothingIsBlamedOnItsOwnStage(@TempDir Path tmp) throws Exception {
        Requires.llvmTool("llc");
        Path in = Files.writeString(tmp.resolve("ok.ll"), TrustTest.OK_IR);
        for (String tool : new String[] {"opt", "llc"}) {
            Path fake = Scripts.executable(tmp.resolve(tool), "exit 0");
            List<String> args = new ArrayList<>(List.of("link", "-i", in.toString(), "--section", "prog=xdp", "-o", tmp.resolve("o.o").toString(),
                    "--no-cache", "--" + tool, fake.toString()));
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().startsWith("stage \"" + tool + "\" failed") && r.err().contains("exited with status 0 but wrote no output"), r.err());
        }
    }
}
