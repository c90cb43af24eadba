package io.tinybpf.fuzz;

import java.util.Arrays;
import java.util.List;

/**
 * Every target behind one entry point, for the short run in {@code make test}: the first byte
 * picks the target ({@link FuzzTargets#all()} order), the rest is its input. One JVM and one
 * round of Jazzer's class instrumentation instead of one per target, which would cost more
 * than the fuzzing itself in a run of seconds per target.
 */
public final class AllFuzz {
    private AllFuzz() {}

    private static final List<FuzzTargets.Target> TARGETS = FuzzTargets.all();

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) return;
        TARGETS.get((data[0] & 0xff) % TARGETS.size()).entry().accept(Arrays.copyOfRange(data, 1, data.length));
    }
}
