package io.tinybpf.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tinybpf.cli.CliRunner;
import io.tinybpf.testing.Examples;
import io.tinybpf.testing.GoTool;
import io.tinybpf.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bpf.Printk and package log from a running program: tinybpf run shows the trace line and the
 * decoded log record of the same getppid() call, and the generated Go bindings read and format
 * the log record.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class LoggingKernelTest {
    static Path build(Path tmp) {
        Examples.requireToolchain();
        Requires.tracefs();
        Path out = tmp.resolve("logging.bpf.o");
        CliRunner b = CliRunner.run("build", Requires.repo().resolve("src/test/resources/io/tinybpf/good/sdk-logging").toString(),
                "-o", out.toString());
        assertEquals(0, b.exit(), b.err());
        return out;
    }

    private static final Pattern LOG = Pattern.compile("^\\[log\\] INFO main\\.go:18: getppid by (\\S+) \\(tgid (\\d+), uid (\\d+), big -1099511627776\\)$",
            Pattern.MULTILINE);
    private static final Pattern TRACE = Pattern.compile("^\\[trace\\] \\S+-\\d+: getppid by (\\S+) tgid (\\d+)$", Pattern.MULTILINE);

    @Test
    void runShowsPrintkLinesAndLogRecords(@TempDir Path tmp) {
        Path obj = build(tmp);
        CliRunner r = CliRunner.run("run", obj.toString(), "--exec", "sh -c 'exit 0'");
        assertEquals(0, r.exit(), r.out() + r.err());
        Set<String> logged = new HashSet<>(), traced = new HashSet<>();
        for (Matcher m = LOG.matcher(r.out()); m.find(); ) {
            logged.add(m.group(2));
            assertEquals(String.valueOf(new com.sun.security.auth.module.UnixSystem().getUid()), m.group(3), "uid in the record");
        }
        for (Matcher m = TRACE.matcher(r.out()); m.find(); ) traced.add(m.group(2));
        logged.retainAll(traced);
        assertTrue(!logged.isEmpty(), "one getppid() gave both a [trace] line and a [log] record with its tgid:\n" + r.out());
    }

    @Test
    void generatedBindingsReadLogRecords(@TempDir Path tmp) throws Exception {
        Path obj = build(tmp);
        Path mod = tmp.resolve("mod");
        GoTool.writeModule(mod, "logtest");
        Path pkg = mod.resolve("probe");
        Files.createDirectories(pkg);
        Files.copy(obj, pkg.resolve("logging.bpf.o"));
        CliRunner g = CliRunner.run("generate", pkg.resolve("logging.bpf.o").toString(), "--embed", "--package", "probe",
                "-o", pkg.resolve("logging_bpf.go").toString());
        assertEquals(0, g.exit(), g.err());
        String gen = Files.readString(pkg.resolve("logging_bpf.go"));
        assertTrue(gen.contains("func ReadLoggingLog(rd *ringbuf.Reader) (LoggingLogRecord, error)"), gen);
        Files.createDirectories(mod.resolve("cmd"));
        Files.copy(Requires.repo().resolve("src/test/resources/io/tinybpf/sdk/logreader.go.txt"), mod.resolve("cmd/main.go"));
        GoTool.ok(mod, "mod", "tidy");
        GoTool.ok(mod, "vet", "./...");
        String out = GoTool.ok(mod, "run", "./cmd").strip();
        assertTrue(out.matches("INFO main\\.go:18: getppid by \\S+ \\(tgid \\d+, uid \\d+, big -1099511627776\\)"), out);
    }
}
