package io.tinybpf.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.testing.Examples;
import io.tinybpf.testing.GoTool;
import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed tool as a user gets it: {@code make install PREFIX=<dir>} (scripts/install, run on
 * the image `mvn package` assembled), then with only {@code <dir>/bin} and Go on PATH, no JDK
 * and no JAVA_HOME: {@code tinybpf init x && cd x && go generate ./... && go build}, then
 * {@code verify --kernel}, {@code run} and {@code test} through the bundled runtime and kernel
 * bindings; a second install changes nothing, and uninstall leaves the prefix empty.
 */
@Tag("tinygo")
@Tag("llvm")
@Tag("kernel")
class InstallIT {
    @TempDir
    Path tmp;

    record Result(int exit, String out) {}

    private Map<String, String> env;

    private Result sh(Path dir, String... cmd) throws Exception {
        // through env(1): the command is looked up on the PATH given here, not the JVM's
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env"));
        argv.addAll(List.of(cmd));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        return new Result(p.exitValue(), out);
    }

    private String ok(Path dir, String... cmd) throws Exception {
        Result r = sh(dir, cmd);
        if (r.exit() != 0) fail(String.join(" ", cmd) + " in " + dir + " exited " + r.exit() + ":\n" + r.out());
        return r.out();
    }

    @Test
    void installedToolWorksWithoutAJdk() throws Exception {
        Examples.requireToolchain();
        Requires.kernel();
        Requires.tracefs();
        Path repo = Requires.repo();
        Path image = repo.resolve("target/image/bin/tinybpf");
        Requires.that(Files.isExecutable(image), "the image (mvn package runs scripts/image)");
        Path go = GoTool.go();
        Path prefix = tmp.resolve("p");
        Path run = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        env = new LinkedHashMap<>();
        env.put("PATH", prefix.resolve("bin") + ":" + go.getParent() + ":/usr/bin:/bin");
        env.put("HOME", System.getProperty("user.home")); // Go's module and build caches
        env.put("TMPDIR", tmp.toString());
        env.put("XDG_RUNTIME_DIR", run.toString()); // this test's own build server...
        env.put("TINYBPF_SERVER_IDLE", "5"); // ...which exits by itself soon after
        env.put("TINYBPF_CACHE_DIR", tmp.resolve("cache").toString());
        env.put("GOTOOLCHAIN", "local");
        if (System.getenv("GOPROXY") != null) env.put("GOPROXY", System.getenv("GOPROXY"));

        String first = ok(repo, "scripts/install", prefix.toString());
        assertTrue(first.contains("installed tinybpf into " + prefix), first);
        List<String> files = listing(prefix);
        for (String f : List.of("bin/tinybpf", "lib/tinybpf/tinybpf.jar", "lib/tinybpf/runtime/bin/java", "share/man/man1/tinybpf.1",
                "share/bash-completion/completions/tinybpf", "share/zsh/site-functions/_tinybpf", "share/fish/vendor_completions.d/tinybpf.fish")) {
            assertTrue(files.contains(f), f + " installed");
        }
        ok(repo, "scripts/install", prefix.toString());
        assertEquals(files, listing(prefix), "a second install is a no-op");

        assertTrue(ok(tmp, "tinybpf", "version").matches("tinybpf \\S+ \\(build [0-9a-f]{16}\\)\n"));
        assertFalse(env.containsKey("JAVA_HOME"));

        // the scaffold flow, exactly as a user types it
        ok(tmp, "tinybpf", "init", "x");
        Path x = tmp.resolve("x");
        ok(x, "go", "generate", "./...");
        ok(x, "go", "build", "-o", tmp.resolve("x-loader").toString(), ".");
        Path obj = x.resolve("build/x.bpf.o");
        assertTrue(Files.isRegularFile(obj));

        String verify = ok(x, "tinybpf", "verify", "--kernel", "build/x.bpf.o");
        assertTrue(verify.contains("kernel (Linux"), verify);
        String attached = ok(x, "tinybpf", "run", "build/x.bpf.o", "--exec", "/bin/true");
        assertTrue(attached.contains(": attached ("), attached);

        // test-run an XDP program built by the installed tool
        Path xdp = tmp.resolve("xdp.bpf.o");
        ok(repo.resolve("examples/xdp-blocklist"), "tinybpf", "build", "-o", xdp.toString(), ".");
        String t = ok(tmp, "tinybpf", "test", xdp.toString(), "--packet", "udp 10.0.0.1:1234 > 10.0.0.2:53", "--expect", "XDP_PASS");
        assertTrue(t.contains("XDP_PASS"), t);

        // the man page is readable where man is installed
        if (Requires.onPath("man").isPresent()) {
            String man = ok(tmp, "man", "-l", prefix.resolve("share/man/man1/tinybpf.1").toString());
            assertTrue(man.contains("tinybpf build"), man.length() > 300 ? man.substring(0, 300) : man);
        }

        String removed = ok(repo, "scripts/install", "--uninstall", prefix.toString());
        assertTrue(removed.contains("removed"), removed);
        assertEquals(List.of(), listing(prefix), "uninstall removes everything it installed");
    }

    @Test
    void distIsReproducibleAndItsClientUsesTheServer() throws Exception {
        Path repo = Requires.repo();
        Requires.that(Files.isExecutable(repo.resolve("target/image/bin/tinybpf")), "the image (mvn package runs scripts/image)");
        Path run = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", System.getProperty("user.home"));
        env.put("XDG_RUNTIME_DIR", run.toString());
        env.put("TINYBPF_SERVER_IDLE", "3");
        env.put("SOURCE_DATE_EPOCH", "1767225600");

        String first = ok(repo, "scripts/dist");
        String sumLine = first.lines().filter(l -> l.endsWith(".tar.gz") && l.contains("  ")).findFirst().orElseThrow();
        String second = ok(repo, "scripts/dist");
        assertTrue(second.contains(sumLine), "the same tree gives the same bytes: " + sumLine + " vs " + second);

        String tarball = sumLine.substring(sumLine.indexOf("  ") + 2);
        Path prefix = Files.createDirectories(tmp.resolve("unpacked"));
        ok(tmp, "tar", "-xzf", repo.resolve("target/dist").resolve(tarball).toString(), "-C", prefix.toString(), "--strip-components=1");
        Path client = prefix.resolve("bin/tinybpf");
        assertTrue(ok(tmp, client.toString(), "version").startsWith("tinybpf "));
        assertEquals(0, sh(tmp, client.toString(), "help").exit());
        // the unpacked jar still matches its digest line, so the client found it and used a server
        try (Stream<Path> s = Files.list(run.resolve("tinybpf"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("server-[0-9a-f]{16}\\.sock")), "a build server was started");
        }
    }

    private static List<String> listing(Path root) throws IOException {
        if (!Files.exists(root)) return List.of();
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !Files.isDirectory(p)).forEach(p -> out.add(root.relativize(p).toString()));
        }
        return out.stream().sorted().toList();
    }
}
