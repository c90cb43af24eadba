package io.tinybpf.pipeline;

import io.tinybpf.diag.BuildException;
import io.tinybpf.diag.Stage;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a build's stages: each is timed under its {@link Stage} (the names {@code --verbose} and
 * {@code --json}'s {@code stage_ms} show, in the order the stages ran), and a stage whose output
 * is one file is looked up in the build cache under its key first.
 */
final class StageRunner {
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private final BuildCache cache;
    private final Consumer<String> verbose;

    StageRunner(BuildCache cache, Consumer<String> verbose) {
        this.cache = cache;
        this.verbose = verbose;
    }

    /** A step run under a stage's name. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws BuildException;
    }

    <T> T run(Stage stage, Step<T> step) throws BuildException {
        long t0 = System.nanoTime();
        try {
            return step.run();
        } finally {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            timings.merge(stage.id(), ms, Long::sum);
            verbose.accept("[" + stage.id() + "] " + ms + " ms");
        }
    }

    /** Runs a stage object on its input: {@code stage.run(input)}, timed. */
    <I, O> O run(BuildStage<I, O> stage, I input) throws BuildException {
        return run(stage.stage(), () -> stage.run(input));
    }

    /**
     * Runs a stage that writes one file, through the cache: a hit under {@code stage.key(input)}
     * copies the cached bytes to {@code stage.output()} instead; a miss runs it and stores them.
     * Without a cache, or without a key (nothing to name the result by), it just runs.
     */
    <I> Path run(BuildStage.FileStage<I> stage, I input) throws BuildException {
        return run(stage.stage(), () -> {
            String key = cache == null ? null : stage.key(input);
            if (key == null) return stage.run(input);
            Path out = stage.output();
            var hit = cache.get(key);
            if (hit.isPresent()) {
                Artifacts.writeBytes(out, hit.get().data());
                verbose.accept("[cache] hit " + out.getFileName() + " " + key.substring(0, 12));
                return out;
            }
            Path p = stage.run(input);
            cache.put(key, Artifacts.readBytes(p), "");
            return p;
        });
    }

    Map<String, Long> timings() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }
}
