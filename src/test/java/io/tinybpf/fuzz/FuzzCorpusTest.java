package io.tinybpf.fuzz;

import io.tinybpf.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the committed corpus (seeds and every regression input a fuzz run found) through each
 * fuzz target in-process: the findings stay fixed, and the targets work, in seconds.
 */
class FuzzCorpusTest {
    static Path fuzzDir() {
        return Requires.repo().resolve("src/test/resources/fuzz");
    }

    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    List<DynamicTest> corpusReplays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FuzzTargets.Target t : FuzzTargets.all()) {
            List<Path> inputs = new ArrayList<>(files(fuzzDir().resolve("seeds").resolve(t.seeds())));
            inputs.addAll(files(fuzzDir().resolve("regressions").resolve(t.name())));
            if (inputs.isEmpty()) throw new AssertionError("fuzz target " + t.name() + " has no corpus");
            tests.add(DynamicTest.dynamicTest(t.name() + " (" + inputs.size() + " inputs)", () -> {
                for (Path in : inputs) {
                    try {
                        t.entry().accept(Files.readAllBytes(in));
                    } catch (Throwable e) {
                        throw new AssertionError(t.name() + " fails on " + fuzzDir().relativize(in) + ": " + e, e);
                    }
                }
            }));
        }
        return tests;
    }
}
