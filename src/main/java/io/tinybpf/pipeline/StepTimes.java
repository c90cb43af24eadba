package io.tinybpf.pipeline;

/**
 * Wall time of the steps inside one stage, for {@code --verbose}: where a large module's time
 * goes (parsing, the passes, collections, writing) beyond the stage's total.
 */
final class StepTimes {
    private final StringBuilder out = new StringBuilder();
    private long last = System.nanoTime();

    /** Ends the current step. */
    void done(String step) {
        long now = System.nanoTime();
        if (!out.isEmpty()) out.append(", ");
        out.append(step).append(' ').append((now - last) / 1_000_000).append(" ms");
        last = now;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
