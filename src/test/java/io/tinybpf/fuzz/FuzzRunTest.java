package io.tinybpf.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Coverage-guided fuzzing with Jazzer (libFuzzer in the JVM, instrumenting io.tinybpf): each
 * target in a JVM of its own (libFuzzer runs once per process) for {@code TINYBPF_FUZZ_SECONDS}
 * (default 5; {@code make fuzz} gives 600), starting from the committed seeds and regression
 * inputs. A crash fails the test, naming the input Jazzer saved (under target/fuzz/NAME/);
 * copy it to src/test/resources/fuzz/regressions/NAME/ when it is fixed, so it is replayed
 * forever by {@link FuzzCorpusTest}.
 */
@Tag("fuzz")
class FuzzRunTest {
    static int seconds() {
        String s = System.getenv("TINYBPF_FUZZ_SECONDS");
        return s == null || s.isBlank() ? 5 : Integer.parseInt(s.strip());
    }

    @TestFactory
    List<DynamicTest> fuzz() {
        List<DynamicTest> tests = new ArrayList<>();
        // TINYBPF_FUZZ_TARGET: one target name, or several separated by commas
        String only = System.getenv("TINYBPF_FUZZ_TARGET");
        java.util.Set<String> chosen = only == null || only.isBlank() ? null : java.util.Set.of(only.strip().split("\\s*,\\s*"));
        for (FuzzTargets.Target t : FuzzTargets.all()) {
            if (chosen != null && !chosen.contains(t.name())) continue;
            tests.add(DynamicTest.dynamicTest(t.name() + " for " + seconds() + "s", () -> run(t)));
        }
        return tests;
    }

    static void run(FuzzTargets.Target t) throws IOException, InterruptedException {
        Path work = Requires.repo().resolve("target/fuzz").resolve(t.name());
        Path corpus = work.resolve("corpus");
        Files.createDirectories(corpus);
        Path fuzz = FuzzCorpusTest.fuzzDir();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m", "-Xmx2g", "--enable-native-access=ALL-UNNAMED", "-XX:+EnableDynamicAgentLoading", "-cp",
                System.getProperty("java.class.path")));
        // a short run is mostly start-up (Jazzer instruments every class as it loads): C1 starts faster
        if (seconds() <= 60) cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(t.properties());
        cmd.addAll(List.of("com.code_intelligence.jazzer.Jazzer", "--target_class=" + t.className(),
                "--instrumentation_includes=io.tinybpf.**", "-max_total_time=" + seconds(), "-timeout=30", "-rss_limit_mb=3072",
                "-max_len=65536", "-print_final_stats=1", "-artifact_prefix=" + work + "/", "--reproducer_path=" + work, corpus.toString(),
                fuzz.resolve("seeds").resolve(t.seeds()).toString()));
        Path regressions = fuzz.resolve("regressions").resolve(t.name());
        if (Files.isDirectory(regressions)) cmd.add(regressions.toString());
        Path log = work.resolve("log.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds() + 300L, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(t.name() + ": the fuzzer did not stop after " + seconds() + "s; log: " + log);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            fail(t.name() + ": finding (exit " + p.exitValue() + "); the input is saved under " + work + "; log " + log + ":\n" + tail);
        }
    }
}
