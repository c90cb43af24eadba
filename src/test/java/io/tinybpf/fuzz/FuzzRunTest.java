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
 * Coverage-guided fuzzing with Jazzer (libFuzzer in the JVM, instrumenting io.tinybpf), starting
 * from the committed seeds and regression inputs. {@code make test} runs every target for about
 * 5 s in one JVM ({@link AllFuzz}: libFuzzer runs once per process, and a JVM per target would
 * spend more on start-up than on fuzzing); {@code make fuzz} ({@code TINYBPF_FUZZ_SECONDS=600})
 * or {@code TINYBPF_FUZZ_TARGET=a,b} runs each target in a JVM of its own for that long. A finding
 * fails the test, naming the input Jazzer saved (under target/fuzz/NAME/); copy it to
 * src/test/resources/fuzz/regressions/NAME/ when it is fixed, so {@link FuzzCorpusTest} replays
 * it forever.
 */
@Tag("fuzz")
class FuzzRunTest {
    /** Seconds per target in the short run of make test. */
    static final int SHORT = 5;

    static int seconds() {
        String s = System.getenv("TINYBPF_FUZZ_SECONDS");
        return s == null || s.isBlank() ? SHORT : Integer.parseInt(s.strip());
    }

    static boolean perTarget() {
        String t = System.getenv("TINYBPF_FUZZ_TARGET");
        String s = System.getenv("TINYBPF_FUZZ_SECONDS");
        return (t != null && !t.isBlank()) || (s != null && !s.isBlank());
    }

    @TestFactory
    List<DynamicTest> fuzz() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        if (!perTarget()) {
            List<FuzzTargets.Target> all = FuzzTargets.all();
            FuzzTargets.Target combined = new FuzzTargets.Target("all", null, AllFuzz.class.getName(), List.of(), AllFuzz::fuzzerTestOneInput);
            tests.add(DynamicTest.dynamicTest("all " + all.size() + " targets for " + SHORT * all.size() + "s in one JVM",
                    () -> run(combined, SHORT * all.size(), combinedSeeds(all))));
            return tests;
        }
        // TINYBPF_FUZZ_TARGET: one target name, or several separated by commas
        String only = System.getenv("TINYBPF_FUZZ_TARGET");
        java.util.Set<String> chosen = only == null || only.isBlank() ? null : java.util.Set.of(only.strip().split("\\s*,\\s*"));
        for (FuzzTargets.Target t : FuzzTargets.all()) {
            if (chosen != null && !chosen.contains(t.name())) continue;
            Path fuzz = FuzzCorpusTest.fuzzDir();
            tests.add(DynamicTest.dynamicTest(t.name() + " for " + seconds() + "s", () -> run(t, seconds(),
                    List.of(fuzz.resolve("seeds").resolve(t.seeds()), fuzz.resolve("regressions").resolve(t.name())))));
        }
        return tests;
    }

    /** Every target's seeds and regression inputs, each prefixed with the byte that selects its target in {@link AllFuzz}. */
    static List<Path> combinedSeeds(List<FuzzTargets.Target> all) throws IOException {
        Path dir = Requires.repo().resolve("target/fuzz/all/seeds");
        io.tinybpf.util.AtomicFiles.deleteTree(dir);
        Files.createDirectories(dir);
        Path fuzz = FuzzCorpusTest.fuzzDir();
        for (int i = 0; i < all.size(); i++) {
            FuzzTargets.Target t = all.get(i);
            List<Path> inputs = new ArrayList<>(FuzzCorpusTest.files(fuzz.resolve("seeds").resolve(t.seeds())));
            inputs.addAll(FuzzCorpusTest.files(fuzz.resolve("regressions").resolve(t.name())));
            for (Path in : inputs) {
                byte[] b = Files.readAllBytes(in);
                byte[] out = new byte[b.length + 1];
                out[0] = (byte) i;
                System.arraycopy(b, 0, out, 1, b.length);
                Files.write(dir.resolve(t.name() + "-" + in.getFileName()), out);
            }
        }
        return List.of(dir);
    }

    static void run(FuzzTargets.Target t, int seconds, List<Path> corpora) throws IOException, InterruptedException {
        Path work = Requires.repo().resolve("target/fuzz").resolve(t.name());
        Path corpus = work.resolve("corpus");
        Files.createDirectories(corpus);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m", "-Xmx2g", "--enable-native-access=ALL-UNNAMED", "-XX:+EnableDynamicAgentLoading", "-cp",
                System.getProperty("java.class.path")));
        // a short run is mostly start-up (Jazzer instruments every class as it loads): C1 starts faster
        if (seconds <= 120) cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(t.properties());
        cmd.addAll(List.of("com.code_intelligence.jazzer.Jazzer", "--target_class=" + t.className(),
                "--instrumentation_includes=io.tinybpf.**", "-max_total_time=" + seconds, "-timeout=30", "-rss_limit_mb=3072",
                "-max_len=65536", "-print_final_stats=1", "-artifact_prefix=" + work + "/", "--reproducer_path=" + work, corpus.toString()));
        for (Path c : corpora) if (Files.isDirectory(c)) cmd.add(c.toString());
        Path log = work.resolve("log.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds + 300L, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(t.name() + ": the fuzzer did not stop after " + seconds + "s; log: " + log);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            fail(t.name() + ": finding (exit " + p.exitValue() + "); the input is saved under " + work + "; log " + log + ":\n" + tail);
        }
    }
}
