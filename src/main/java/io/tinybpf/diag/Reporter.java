package io.tinybpf.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects warnings and notes emitted while a build runs (errors travel as {@link BuildException}).
 * Thread-safe; also forwards each diagnostic to an optional listener (the CLI prints them live).
 */
public final class Reporter {
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Consumer<Diagnostic> listener;

    public Reporter(Consumer<Diagnostic> listener) {
        this.listener = listener;
    }

    public Reporter() {
        this(null);
    }

    public synchronized void report(Diagnostic d) {
        diagnostics.add(d);
        if (listener != null) listener.accept(d);
    }

    public synchronized List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
