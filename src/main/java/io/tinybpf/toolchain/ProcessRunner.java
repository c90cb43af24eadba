package io.tinybpf.toolchain;

import java.io.IOException;
import java.io.InputStream;
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
 * caller's locale, time zone or stray variables), separate stdout/stderr capture up to a limit,
 * and a timeout. Each tool runs in a process group of its own ({@code setsid}), so a timeout, the
 * end of the tool and an interrupted run (Ctrl-C, SIGTERM) kill it together with every child it
 * started, including children that outlive their parent.
 */
public final class ProcessRunner {
    /** Output kept in memory per stream; the rest is read and dropped (a flooding tool must not fill the heap). */
    public static final int STDOUT_LIMIT = 64 << 20, STDERR_LIMIT = 1 << 20;

    /**
     * @param exitCode  the tool's exit status (-1 when it timed out)
     * @param stdout    at most {@link #STDOUT_LIMIT} bytes ({@code stdoutDropped} says how many more there were)
     * @param stderr    at most {@link #STDERR_LIMIT} bytes as text, control characters shown as {@code \\xNN}, with a
     *                  note at the end when output was dropped
     * @param timedOut  true when the timeout killed it
     */
    public record Result(List<String> command, int exitCode, byte[] stdout, String stderr, Duration elapsed, boolean timedOut,
                         long stdoutDropped) {
        public Result(List<String> command, int exitCode, byte[] stdout, String stderr, Duration elapsed, boolean timedOut) {
            this(command, exitCode, stdout, stderr, elapsed, timedOut, 0);
        }

        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

    }

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        io.tinybpf.util.ExitCleanup.onExit(() -> {
            for (Process p : RUNNING) kill(p);
        });
    }

    private ProcessRunner() {}

    /** util-linux {@code setsid}: starts the tool as the leader of a new session and process group (same pid). */
    private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(f -> java.nio.file.Files.isExecutable(Path.of(f))).findFirst().orElse(null);

    /** kill(2), looked up on first use. */
    private static final class Kill {
        static final java.lang.invoke.MethodHandle KILL = killHandle();
    }

    private static java.lang.invoke.MethodHandle killHandle() {
        try {
            var linker = java.lang.foreign.Linker.nativeLinker();
            return linker.defaultLookup().find("kill").map(a -> linker.downcallHandle(a, java.lang.foreign.FunctionDescriptor.of(
                    java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT)))
                    .orElse(null);
        } catch (RuntimeException | Error e) {
            return null; // no native access: descendants are still killed one by one
        }
    }

    /** SIGKILL to the tool's process group (the tool too, while it runs), then to any descendant that left the group. */
    private static void killGroup(Process p) {
        if (SETSID != null && Kill.KILL != null) {
            try {
                int ignored = (int) Kill.KILL.invokeExact((int) -p.pid(), 9);
            } catch (Throwable t) {
                // fall back to the process tree below
            }
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** As {@link #killGroup}, then the tool itself; Process.destroy also closes its streams, so only when nothing more is read. */
    private static void kill(Process p) {
        killGroup(p);
        p.destroyForcibly();
    }

    /** Variables every tool gets: stable locale and time zone, plus PATH (absolute entries only), HOME and TMPDIR from the caller. */
    public static Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LC_ALL", "C");
        env.put("TZ", "UTC");
        for (String k : List.of("PATH", "HOME", "TMPDIR")) {
            String v = io.tinybpf.util.Env.get(k);
            if (v != null && !v.isEmpty()) env.put(k, v);
        }
        if (env.containsKey("PATH")) env.put("PATH", absolutePath(env.get("PATH")));
        return env;
    }

    /**
     * PATH without relative entries ({@code .}, empty, {@code bin}): those name whatever sits in
     * the directory a tool runs in (the package directory), not a tool the user installed.
     */
    public static String absolutePath(String path) {
        List<String> keep = new ArrayList<>();
        for (String d : path.split(":")) if (d.startsWith("/")) keep.add(d);
        return String.join(":", keep);
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
        return run(command, cwd, env, timeout, null);
    }

    /**
     * Runs {@code command}; with {@code stdoutFile} its standard output goes to that file (bounded
     * by the disk, not the heap), else it is captured up to {@link #STDOUT_LIMIT}.
     */
    public static Result run(List<String> command, Path cwd, Map<String, String> env, Duration timeout, Path stdoutFile)
            throws IOException {
        String exe = command.getFirst();
        if (exe.contains("/") && !java.nio.file.Files.isExecutable(Path.of(exe))) {
            throw new IOException(exe + ": " + (java.nio.file.Files.exists(Path.of(exe)) ? "not executable" : "no such file"));
        }
        List<String> argv = command;
        if (SETSID != null) {
            argv = new ArrayList<>(command.size() + 1);
            argv.add(SETSID);
            argv.addAll(command);
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (stdoutFile != null) pb.redirectOutput(stdoutFile.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        RUNNING.add(p);
        try {
            p.getOutputStream().close();
            Drain out = new Drain(stdoutFile != null ? InputStream.nullInputStream() : p.getInputStream(), STDOUT_LIMIT);
            Drain err = new Drain(p.getErrorStream(), STDERR_LIMIT);
            Thread to = Thread.ofVirtual().start(out);
            Thread te = Thread.ofVirtual().start(err);
            long ms = Math.max(1, timeout.toMillis());
            boolean finished = p.waitFor(ms, TimeUnit.MILLISECONDS);
            // after a timeout, and also after a normal exit: children the tool left running go with it
            // (they would hold its output pipes open); what the tool wrote stays readable
            killGroup(p);
            if (!finished && !p.waitFor(5, TimeUnit.SECONDS)) kill(p);
            to.join(5000);
            te.join(5000);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            String stderr = printable(err.bytes());
            if (err.dropped() > 0) stderr += "\n...(" + err.dropped() + " more bytes of stderr dropped)";
            return new Result(List.copyOf(command), finished ? p.exitValue() : -1, out.bytes(), stderr, elapsed, !finished, out.dropped());
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        } finally {
            RUNNING.remove(p);
        }
    }

    /** Tool output as text for a terminal: invalid UTF-8 replaced, control characters other than newline and tab as \\xNN. */
    static String printable(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ctl = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
            if (ctl && sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (sb != null) {
                if (ctl) sb.append(String.format("\\x%02x", (int) c));
                else sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
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

    /** Reads a stream to its end, keeping the first {@code limit} bytes. */
    private static final class Drain implements Runnable {
        private final InputStream in;
        private final int limit;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private volatile long dropped;

        Drain(InputStream in, int limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    int keep = Math.max(0, Math.min(n, limit - kept.size()));
                    synchronized (kept) {
                        kept.write(buf, 0, keep);
                    }
                    dropped += n - keep;
                }
            } catch (IOException e) {
                // the stream closed under us (tool killed): what was read is all there is
            }
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }

        long dropped() {
            return dropped;
        }
    }
}
