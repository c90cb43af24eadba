package io.tinybpf.util;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The environment variables and working directory of the current invocation.
 *
 * <p>A command-line run uses the process's own. The build server ({@code io.tinybpf.server}) runs
 * many invocations in one JVM, each on behalf of a client with its own directory and variables,
 * so it binds the client's for the duration of a request. Code therefore reads variables and
 * resolves relative paths through here, never through {@link System#getenv} or the JVM's
 * working directory (which a server cannot change per request).
 *
 * @param cwd  absolute working directory
 * @param vars environment variables
 */
public record Env(Path cwd, Map<String, String> vars) {
    private static final ScopedValue<Env> CURRENT = ScopedValue.newInstance();
    private static final Env PROCESS = new Env(Path.of("").toAbsolutePath(), System.getenv());

    public Env {
        if (!cwd.isAbsolute()) throw new IllegalArgumentException("working directory must be absolute: " + cwd);
        vars = Map.copyOf(vars);
    }

    /** The invocation's environment: the one bound by {@link #call}, else the process's. */
    public static Env current() {
        return CURRENT.orElse(PROCESS);
    }

    /** Runs {@code op} with {@code env} as the current environment (this thread and what it calls). */
    public static <T> T call(Env env, Callable<T> op) throws Exception {
        return ScopedValue.where(CURRENT, env).call(op::call);
    }

    /** Wraps {@code op} so that it runs with the caller's environment on whatever thread runs it. */
    public static <T> Callable<T> carry(Callable<T> op) {
        Env env = current();
        return () -> call(env, op);
    }

    /** One variable, or null when it is unset. */
    public static String get(String name) {
        return current().vars.get(name);
    }

    /** One variable, or {@code fallback} when it is unset or empty. */
    public static String get(String name, String fallback) {
        String v = get(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** All variables. */
    public static Map<String, String> all() {
        return current().vars;
    }

    /** {@code p} against the invocation's working directory (unchanged when absolute). */
    public static Path resolve(Path p) {
        return p.isAbsolute() ? p : current().cwd.resolve(p).normalize();
    }

    /** A path the user typed, against the invocation's working directory. */
    public static Path path(String s) {
        return resolve(Path.of(s));
    }

    /** {@code p} as the user would write it: relative to the working directory when inside it. */
    public static String display(Path p) {
        Path cwd = current().cwd;
        Path abs = resolve(p);
        if (abs.startsWith(cwd) && !abs.equals(cwd)) return cwd.relativize(abs).toString();
        return abs.toString();
    }

    /** The home directory: {@code $HOME}, else the JVM's idea of it. */
    public static Path home() {
        return Path.of(get("HOME", System.getProperty("user.home")));
    }

    /** Where temporary work directories go: {@code $TMPDIR}, else {@code /tmp}. */
    public static Path tmp() {
        return Path.of(get("TMPDIR", System.getProperty("java.io.tmpdir", "/tmp")));
    }
}
