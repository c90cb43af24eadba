package io.tinybpf.toolchain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs external tools: no shell, a minimal fixed environment (so builds do not depend on the
 * caller's locale, time zone or stray variables), separate stdout/stderr capture, and a timeout
 * after which the tool and its children are killed. Running processes are killed when the JVM
 * exits (Ctrl-C).
 */
public final class ProcessRunner {
    /**
     * @param exitCode  the tool's exit status (-1 when it timed out)
     * @param timedOut  true when the timeout killed it
     */
    public record Result(List<String> command, int exitCode, byte[] stdout, String stderr, Duration elapsed, boolean timedOut) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

    }

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : RUNNING) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }, "tinybpf-kill-tools"));
    }

    private ProcessRunner() {}

    /** Variables every tool gets: stable locale and time zone, plus PATH/HOME/TMPDIR from the caller. */
    public static Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LC_ALL", "C");
        env.put("TZ", "UTC");
        for (String k : List.of("PATH", "HOME", "TMPDIR")) {
            String v = io.tinybpf.util.Env.get(k);
            if (v != null && !v.isEmpty()) env.put(k, v);
        }
        return env;
    }

    /** The base environment plus the Go variables TinyGo's {@code go list} needs. */
    public static Map<String, String> goEnvironment() {
        Map<String, String> env = baseEnvironment();
        for (Map.Entry<String, String> e : io.tinybpf.util.Env.all().entrySet()) {
            String k = e.getKey();
            if (k.startsWith("GO") || k.equals("XDG_CACHE_HOME") || k.equals("TINYGOROOT") || k.startsWith("CGO_")) {
                env.put(k, e.getValue());
            }
        }
        // A toolchain line in the user's go.mod must not make `go list` download another Go.
        env.putIfAbsent("GOTOOLCHAIN", "local");
        String path = GoCommand.pathWithGo(env.get("PATH"));
        if (path != null) env.put("PATH", path);
        return env;
    }

    public static Result run(List<String> command, Path cwd, Map<String, String> env, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        RUNNING.add(p);
        try {
            p.getOutputStream().close();
            Drain out = new Drain(p.getInputStream());
            Drain err = new Drain(p.getErrorStream());
            Thread to = Thread.ofVirtual().start(out);
            Thread te = Thread.ofVirtual().start(err);
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            to.join(5000);
            te.join(5000);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Result(List.copyOf(command), finished ? p.exitValue() : -1, out.bytes(),
                    new String(err.bytes(), StandardCharsets.UTF_8), elapsed, !finished);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        } finally {
            RUNNING.remove(p);
        }
    }

    /** POSIX-style quoting for display: {@code llc -o 'a b.o'}. */
    public static String display(List<String> command) {
        List<String> parts = new ArrayList<>(command.size());
        for (String s : command) {
            if (s.isEmpty()) parts.add("''");
            else if (s.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '"' || c == '\'' || c == '\\' || c == '$'
                    || c == '*' || c == '?' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')')) {
                parts.add("'" + s.replace("'", "'\"'\"'") + "'");
            } else {
                parts.add(s);
            }
        }
        return String.join(" ", parts);
    }

    private static final class Drain implements Runnable {
        private final InputStream in;
        private byte[] data = new byte[0];

        Drain(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            try (in) {
                data = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            return data;
        }
    }
}
