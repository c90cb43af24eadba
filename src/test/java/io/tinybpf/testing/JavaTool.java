package io.tinybpf.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * javac and java for tests that build Java code against tinybpf (generated bindings, the Java
 * example): the JDK running the tests compiles with {@code -Xlint:all -Werror}, and programs run in
 * a child JVM with tinybpf's classes on the class path.
 */
public final class JavaTool {
    private JavaTool() {}

    /** Compiles every .java file under {@code sources} into {@code out}; any warning fails. */
    public static void compile(Path sources, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "tests run on a JDK, not a JRE");
        List<String> args = new ArrayList<>(List.of("-Xlint:all", "-Werror", "-encoding", "UTF-8", "-d", out.toString(), "-cp",
                System.getProperty("java.class.path")));
        try (var files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> args.add(f.toString()));
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = javac.run(null, log, log, args.toArray(String[]::new));
        if (rc != 0) fail("javac failed:\n" + log.toString(StandardCharsets.UTF_8));
    }

    public record Result(int exit, String output) {}

    /** Runs {@code main} in a child JVM with tinybpf and {@code extra} on the class path; stdout and stderr together. */
    public static Result run(List<Path> extra, String main, long timeoutSeconds, String... args) throws Exception {
        Process p = start(extra, main, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(main + " did not finish in " + timeoutSeconds + " s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** Starts {@code main} in a child JVM (stderr merged into stdout). */
    public static Process start(List<Path> extra, String main, String... args) throws IOException {
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (Path e : extra) cp.append(java.io.File.pathSeparator).append(e);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", cp.toString(), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

}
